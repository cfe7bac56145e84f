"""Index scores: entropy weights of four indicators in two dimensions over the demo panel.

    python compute_index.py [data/demo/study_panel.csv]
Target: $GOVMETRICS_INDEX_TARGET (default 127.0.0.1:50051)."""
import os
import sys
from collections import defaultdict

import govmetrics_client as gm

INDICATORS = [("broadband_ports", "technology"), ("mobile_penetration", "technology"),
              ("internet_penetration", "environment"), ("ecommerce_volume", "environment")]


def main(csv_path: str) -> int:
    panel = gm.read_panel_csv(csv_path, entity="entity", period="year")
    target = os.environ.get("GOVMETRICS_INDEX_TARGET", "127.0.0.1:50051")
    with gm.IndexClient(target, timeout=30) as index:
        try:
            response = index.compute_index(
                panel=panel, method="WEIGHTING_METHOD_ENTROPY", hierarchy="HIERARCHY_SUMMED_DIVERGENCE",
                indicators=[gm.index_pb2.Indicator(column=c, dimension=d, direction="DIRECTION_POSITIVE")
                            for c, d in INDICATORS])
        except gm.GovmetricsError as error:
            print(error, file=sys.stderr)  # code, message, one line per field violation
            return 1
    for w in response.weights:
        print(f"{w.column:24s} {w.dimension:12s} entropy={w.entropy:.4f} weight={w.weight:.4f}")
    by_year = defaultdict(list)
    for year, score in zip(panel.period, response.scores):
        by_year[year].append(score)
    for year in sorted(by_year):
        print(f"{year}: mean score {sum(by_year[year]) / len(by_year[year]):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "data/demo/study_panel.csv"))
