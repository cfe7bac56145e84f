#include "common/rpc/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace govmetrics::rpc {
namespace {

struct ProcStat {
  bool ok = false;
  double utime_ticks = 0, stime_ticks = 0, start_ticks = 0, vsize = 0, rss_pages = 0,
         threads = 0;
};

// /proc/self/stat: the command name (field 2) may contain spaces and parentheses, so
// fields are counted from the last ')'.
ProcStat ReadStat() {
  ProcStat out;
  std::ifstream in("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return out;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  // After ')' the next field is number 3 (state).
  for (int number = 3; fields >> field; ++number) {
    switch (number) {
      case 14: out.utime_ticks = std::stod(field); break;
      case 15: out.stime_ticks = std::stod(field); break;
      case 20: out.threads = std::stod(field); break;
      case 22: out.start_ticks = std::stod(field); break;
      case 23: out.vsize = std::stod(field); break;
      case 24: out.rss_pages = std::stod(field); out.ok = true; return out;
      default: break;
    }
  }
  return out;
}

double BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  while (in >> key) {
    if (key == "btime") {
      double value = 0;
      in >> value;
      return value;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

double OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  double count = 0;
  while (struct dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory handle itself
}

prometheus::MetricFamily Gauge(const char* name, const char* help, double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = prometheus::MetricType::Gauge;
  prometheus::ClientMetric metric;
  metric.gauge.value = value;
  family.metric.push_back(metric);
  return family;
}

prometheus::MetricFamily Counter(const char* name, const char* help, double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = prometheus::MetricType::Counter;
  prometheus::ClientMetric metric;
  metric.counter.value = value;
  family.metric.push_back(metric);
  return family;
}

}  // namespace

double ResidentMemoryBytes() {
  const ProcStat stat = ReadStat();
  return stat.ok ? stat.rss_pages * static_cast<double>(sysconf(_SC_PAGESIZE)) : 0;
}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  const ProcStat stat = ReadStat();
  if (stat.ok) {
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    out.push_back(Counter("process_cpu_seconds_total",
                          "Total user and system CPU time spent in seconds.",
                          (stat.utime_ticks + stat.stime_ticks) / ticks));
    out.push_back(Gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                        stat.rss_pages * page));
    out.push_back(Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                        stat.vsize));
    out.push_back(Gauge("process_start_time_seconds",
                        "Start time of the process since unix epoch in seconds.",
                        BootTimeSeconds() + stat.start_ticks / ticks));
    out.push_back(Gauge("process_threads", "Number of OS threads in the process.", stat.threads));
  }
  out.push_back(Gauge("process_open_fds", "Number of open file descriptors.", OpenFds()));
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.push_back(Gauge("process_max_fds", "Maximum number of open file descriptors.",
                        static_cast<double>(limit.rlim_cur)));
  }
  return out;
}

}  // namespace govmetrics::rpc
