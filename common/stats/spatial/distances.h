// Pairwise distances between points: Euclidean (projected coordinates, any unit) or
// great-circle (longitude / latitude in degrees, haversine on a sphere of radius
// 6371.0088 km, the IUGG mean Earth radius).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_DISTANCES_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_DISTANCES_H_

#include "Eigen/Core"

namespace govmetrics::stats {

enum class DistanceMetric { kEuclidean, kGreatCircleKm };

inline constexpr double kEarthMeanRadiusKm = 6371.0088;

// n x n symmetric distances between the rows of `xy` (n x 2: x, y or longitude, latitude).
Eigen::MatrixXd PairwiseDistances(const Eigen::MatrixXd& xy, DistanceMetric metric);

// Great-circle distance in km between two (longitude, latitude) points in degrees.
double GreatCircleKm(double lon1, double lat1, double lon2, double lat2);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_DISTANCES_H_
