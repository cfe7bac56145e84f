"""Panels from Python data: plain sequences or a pandas DataFrame (long format)."""
from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

from govmetrics_client.proto.govmetrics.common.v1 import panel_pb2


def panel_from_columns(entity: Sequence[str], period: Sequence[int],
                       columns: Mapping[str, Iterable[float]] | None = None,
                       labels: Mapping[str, Iterable[str]] | None = None) -> panel_pb2.Panel:
    """Builds a Panel from plain sequences; None becomes NaN (missing)."""
    panel = panel_pb2.Panel(entity=list(entity), period=[int(p) for p in period])
    for name, values in (columns or {}).items():
        panel.columns.add(name=name, values=[math.nan if v is None else float(v) for v in values])
    for name, values in (labels or {}).items():
        panel.labels.add(name=name, values=["" if v is None else str(v) for v in values])
    return panel


def panel_from_dataframe(df, entity: str, period: str) -> panel_pb2.Panel:
    """pandas DataFrame (long format) -> Panel: numeric columns become Columns (NaN =
    missing), everything else Labels. To read a CSV file, prefer read_panel_csv, which
    applies the same rules as every other govmetrics client."""
    import pandas as pd  # imported lazily: pandas is optional for the rest of the client

    numeric, labels = {}, {}
    for name in df.columns:
        if name in (entity, period):
            continue
        if pd.api.types.is_numeric_dtype(df[name]):
            numeric[name] = df[name].astype(float).tolist()
        else:
            labels[name] = df[name].fillna("").astype(str).tolist()
    return panel_from_columns(df[entity].astype(str).tolist(), df[period].astype(int).tolist(),
                              numeric, labels)


def panel_chunks(panel: panel_pb2.Panel, rows: int = 50_000):
    """The panel in row slices of at most `rows` rows (all columns and labels each), e.g. for
    the workspace's CreateDataset stream, whose messages must each fit the message limit."""
    n = len(panel.entity)
    for first in range(0, n, rows):
        last = min(first + rows, n)
        chunk = panel_pb2.Panel(entity=panel.entity[first:last], period=panel.period[first:last])
        for column in panel.columns:
            chunk.columns.add(name=column.name, values=column.values[first:last])
        for label in panel.labels:
            chunk.labels.add(name=label.name, values=label.values[first:last])
        yield chunk
