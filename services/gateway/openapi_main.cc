// govmetrics-openapi DESCRIPTOR_SET OUT.json VERSION: writes the OpenAPI document of the
// HTTP/JSON API (run by CMake at build time; the gateway serves the result).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "services/gateway/descriptor_set.h"
#include "services/gateway/openapi_document.h"
#include "services/gateway/route_table.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: govmetrics-openapi DESCRIPTOR_SET OUT.json VERSION\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto contracts = govmetrics::gateway::LoadContracts(bytes.str());
  if (!contracts.ok()) {
    std::fprintf(stderr, "govmetrics-openapi: %s\n", std::string(contracts.status().message()).c_str());
    return 1;
  }
  auto routes = govmetrics::gateway::RouteTable::FromFiles(contracts->files, govmetrics::gateway::ServedPackagePrefixes());
  if (!routes.ok()) {
    std::fprintf(stderr, "govmetrics-openapi: %s\n", std::string(routes.status().message()).c_str());
    return 1;
  }
  std::ofstream out(argv[2]);
  out << govmetrics::gateway::OpenApiDocument(*routes, argv[3]) << "\n";
  return out.good() ? 0 : 1;
}
