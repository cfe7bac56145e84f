// The reporting service's render step alone: a study's Report (its report.json, as
// RunStudy returns it) rendered into the demo spec's seven formats, RUNS times in this
// process. Prints the median and the least wall time and CPU time (user + system, all
// threads) per render, so the render's cost can be measured without the other
// services, and on a loaded machine (CPU time depends less on the load than wall time
// does, the least of several runs less than their median).
//   build/bench/render_documents_cpu out/report.json [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "google/protobuf/util/json_util.h"
#include "services/reporting/render/render_documents.h"

namespace rv1 = govmetrics::reporting::v1;

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s REPORT_JSON [RUNS]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream json;
  json << in.rdbuf();
  rv1::Report report;
  google::protobuf::util::JsonParseOptions options;
  if (!in || !google::protobuf::util::JsonStringToMessage(json.str(), &report, options).ok()) {
    std::fprintf(stderr, "%s: not a Report in JSON\n", argv[1]);
    return 1;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10;
  const std::vector<rv1::Format> formats = {rv1::FORMAT_HTML, rv1::FORMAT_MARKDOWN, rv1::FORMAT_LATEX,
                                            rv1::FORMAT_CSV,  rv1::FORMAT_JSON,     rv1::FORMAT_XLSX,
                                            rv1::FORMAT_DOCX};
  std::vector<double> walls, cpus;
  size_t bytes = 0;
  for (int r = 0; r <= runs; ++r) {  // run 0 warms up (fonts, first-touch allocations)
    const double cpu = CpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    auto documents = govmetrics::reporting::RenderDocuments(report, formats);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!documents.ok()) {
      std::fprintf(stderr, "render: %s\n", std::string(documents.status().message()).c_str());
      return 1;
    }
    if (r == 0) continue;
    walls.push_back(wall);
    cpus.push_back(CpuSeconds() - cpu);
    bytes = 0;
    for (const auto& document : *documents) bytes += document.content().size() + document.binary_content().size();
  }
  std::printf("render of %d formats, %d runs: wall median %.3f s (min %.3f), CPU median %.3f s (min %.3f), "
              "%zu bytes of documents\n",
              static_cast<int>(formats.size()), runs, Median(walls), *std::min_element(walls.begin(), walls.end()),
              Median(cpus), *std::min_element(cpus.begin(), cpus.end()), bytes);
  return 0;
}
