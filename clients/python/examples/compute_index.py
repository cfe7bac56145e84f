"""Example: entropy-weight index of a CSV panel with the Python client.

    PYTHONPATH=build/python:clients/python /usr/bin/python3 \
        clients/python/examples/compute_index.py data/demo/study_panel.csv 127.0.0.1:50051
"""
import sys

import pandas as pd

import govmetrics_client as gm


def main(csv_path: str, target: str) -> None:
    df = pd.read_csv(csv_path)
    request = gm.index_pb2.ComputeIndexRequest(
        panel=gm.panel_from_dataframe(df, entity="entity", period="year"),
        method=gm.index_pb2.WEIGHTING_METHOD_ENTROPY,
        hierarchy=gm.index_pb2.HIERARCHY_SUMMED_DIVERGENCE)
    for column, dimension in [("broadband_ports", "technology"),
                              ("mobile_penetration", "technology"),
                              ("internet_penetration", "environment"),
                              ("ecommerce_volume", "environment")]:
        request.indicators.add(column=column, direction=gm.index_pb2.DIRECTION_POSITIVE,
                               dimension=dimension)
    client = gm.Client(index_target=target)
    response = client.index.ComputeIndex(request, timeout=30, metadata=client.metadata)
    for w in response.weights:
        print(f"{w.column:24s} {w.dimension:12s} e={w.entropy:.4f} w={w.weight:.4f}")
    df["digital_index"] = list(response.scores)
    print(df.groupby("year")["digital_index"].mean())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1:50051")
