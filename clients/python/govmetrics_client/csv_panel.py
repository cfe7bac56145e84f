"""CSV -> govmetrics.common.v1.Panel with the CLI's rules (clients/cli/csv_table.cc,
panel_csv.cc), checked against the shared fixture tests/clients/csv_conformance:

- RFC 4180: fields in double quotes may hold commas, newlines and "" (a quote); a quote
  opens a quoted section only at the start of a field; CRLF or LF; blank lines skipped;
  a UTF-8 byte order mark is skipped; every row has as many fields as the header.
- A column is numeric when every cell, ASCII whitespace trimmed, is a number or a missing
  token ("", NA, NaN, nan, "."); missing becomes NaN. Otherwise it is a label column and
  keeps its cells verbatim. The period is an int32 (whitespace trimmed)."""
from __future__ import annotations

import math
import os
import re

from govmetrics_client.proto.govmetrics.common.v1 import panel_pb2

MISSING_TOKENS = frozenset(["", "NA", "NaN", "nan", "."])
# absl::SimpleAtod's grammar: decimal floats, optional sign, inf/infinity/nan in any case.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)",
                     re.IGNORECASE)
_ASCII_SPACE = " \t\n\v\f\r"
_INT32 = (-2**31, 2**31 - 1)


class CsvError(ValueError):
    """The CSV cannot become a Panel (the message names the row or column)."""


def parse_records(text: str) -> list[list[str]]:
    """RFC 4180 records of `text` (header included)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    records, record, field = [], [], []
    in_quotes = started = False
    line, i, n = 1, 0, len(text)
    while i < n:
        c = text[i]
        if in_quotes:
            if c == '"' and i + 1 < n and text[i + 1] == '"':
                field.append('"')
                i += 1
            elif c == '"':
                in_quotes = False
            else:
                line += c == "\n"
                field.append(c)
        elif c == '"' and not started:
            in_quotes = started = True
        elif c == ",":
            record.append("".join(field))
            field, started = [], False
        elif c in "\r\n":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            record.append("".join(field))
            field, started = [], False
            if record != [""]:
                records.append(record)
            record, line = [], line + 1
        else:
            field.append(c)
            started = True
        i += 1
    if in_quotes:
        raise CsvError(f"unterminated quote at line {line}")
    if started or record:
        record.append("".join(field))
        records.append(record)
    return records


def parse_number(cell: str) -> float | None:
    """The cell's value (NaN when missing), or None when it is not a number."""
    cell = cell.strip(_ASCII_SPACE)
    if cell in MISSING_TOKENS:
        return math.nan
    return float(cell) if _NUMBER.fullmatch(cell) else None


def _period(cell: str, row: int) -> int:
    text = cell.strip(_ASCII_SPACE)
    if re.fullmatch(r"[+-]?\d+", text) and _INT32[0] <= int(text) <= _INT32[1]:
        return int(text)
    raise CsvError(f"CSV data row {row}: period '{cell}' is not an integer")


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    records = parse_records(text)
    if not records:
        raise CsvError("CSV is empty (no header)")
    header, rows = records[0], records[1:]
    for r, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise CsvError(f"CSV data row {r} has {len(row)} fields, header has {len(header)}")
    return header, rows


def panel_from_csv_text(text: str, entity: str, period: str) -> panel_pb2.Panel:
    header, rows = _table(text)
    for option, name in (("entity", entity), ("period", period)):
        if name not in header:
            raise CsvError(f"{option}: no column '{name}' in CSV")
    e, p = header.index(entity), header.index(period)
    panel = panel_pb2.Panel(entity=[row[e] for row in rows],
                            period=[_period(row[p], r) for r, row in enumerate(rows, start=1)])
    for c, name in enumerate(header):
        if c in (e, p):
            continue
        values = [parse_number(row[c]) for row in rows]
        if all(v is not None for v in values):
            panel.columns.add(name=name, values=values)
        else:
            panel.labels.add(name=name, values=[row[c] for row in rows])
    return panel


def read_panel_csv(path: str | os.PathLike, entity: str, period: str) -> panel_pb2.Panel:
    """Reads a long-format CSV file (UTF-8) into a Panel; CsvError names what is wrong."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    try:
        return panel_from_csv_text(text, entity, period)
    except CsvError as e:
        raise CsvError(f"{os.fspath(path)}: {e}") from None
