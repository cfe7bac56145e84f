// govmetrics: command-line client for the govmetrics services (`govmetrics --help`).
#include "clients/cli/govmetrics_app.h"

int main(int argc, char** argv) { return govmetrics::cli::RunGovmetrics(argc, argv); }
