#ifndef GOVMETRICS_COMMON_CONTRACTS_CHINA_REGIONS_H_
#define GOVMETRICS_COMMON_CONTRACTS_CHINA_REGIONS_H_

// The shipped region data of China's 31 provinces (data/regions/README.md): land
// contiguity with Hainan's conventional links, and the capitals' coordinates. Parsed once
// from the CSV files compiled into the binary.

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace govmetrics::contracts {

struct ContiguityPair {
  std::string a;
  std::string b;
  std::string kind;  // "land", "hainan_guangdong", "hainan_guangxi"
};

struct ChinaRegions {
  std::vector<ContiguityPair> contiguity;
  // entity -> (longitude, latitude), degrees WGS84.
  absl::flat_hash_map<std::string, std::pair<double, double>> capitals;
};

const ChinaRegions& ShippedChinaRegions();

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_CHINA_REGIONS_H_
