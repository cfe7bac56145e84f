#!/usr/bin/python3
"""Reads a workbook written by RenderXlsx back with openpyxl and checks it against the
Report it came from (protobuf JSON): one sheet per table in table-number order, the
caption, the header, every cell that carries a number stored as a numeric cell with the
same value, and the significance stars in the column right of each estimate.

    xlsx_readback.py TABLES.xlsx REPORT.json      exit 0 if everything matches
"""
import json
import math
import sys

import openpyxl


def stars(p):
    if p is None or not math.isfinite(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def check_table(ws, table, errors):
    title = table.get("title", "")
    caption = ws.cell(1, 1).value or ""
    if title and title not in caption:
        errors.append(f"{ws.title}: caption {caption!r} lacks the title {title!r}")
    if (ws.cell(2, 1).value or "") != table.get("stubHeader", ""):
        errors.append(f"{ws.title}: stub header {ws.cell(2, 1).value!r}")
    for c, header in enumerate(table.get("columns", [])):
        if (ws.cell(2, 2 + 2 * c).value or "") != header:
            errors.append(f"{ws.title}: header {c} is {ws.cell(2, 2 + 2 * c).value!r}, want {header!r}")
    numbers = 0
    for r, row in enumerate(table.get("rows", [])):
        excel_row = 3 + r
        if (ws.cell(excel_row, 1).value or "") != row.get("label", ""):
            errors.append(f"{ws.title}!A{excel_row}: label {ws.cell(excel_row, 1).value!r}")
        for c, cell in enumerate(row.get("cells", [])):
            value_cell = ws.cell(excel_row, 2 + 2 * c)
            value = cell.get("value", 0.0)
            if cell.get("hasValue") and isinstance(value, (int, float)) and math.isfinite(value):
                numbers += 1
                if value_cell.data_type != "n" or value_cell.value is None or value_cell.value != value:
                    errors.append(f"{ws.title}!{value_cell.coordinate}: {value_cell.value!r} "
                                  f"({value_cell.data_type}), want the number {value!r}")
            elif cell.get("text") and value_cell.value != cell["text"]:
                errors.append(f"{ws.title}!{value_cell.coordinate}: {value_cell.value!r}, want {cell['text']!r}")
            want = stars(cell.get("pValue"))
            got = ws.cell(excel_row, 3 + 2 * c).value or ""
            if got != want:
                errors.append(f"{ws.title}!{ws.cell(excel_row, 3 + 2 * c).coordinate}: stars {got!r}, want {want!r}")
    return numbers


def main():
    workbook = openpyxl.load_workbook(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        report = json.load(f)
    tables = report.get("tables", [])
    errors = []
    if len(workbook.worksheets) != len(tables):
        errors.append(f"{len(workbook.worksheets)} sheets for {len(tables)} tables")
    by_title = {}
    for ws in workbook.worksheets:
        by_title[ws.title] = ws
    numbers = 0
    expected_names = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
    for i, table in enumerate(tables):
        name = expected_names[i] if expected_names else workbook.worksheets[i].title
        if name not in by_title:
            errors.append(f"no sheet {name!r} for table {table.get('id')}")
            continue
        numbers += check_table(by_title[name], table, errors)
    if numbers == 0:
        errors.append("no numeric cell was checked")
    for e in errors[:30]:
        print(e)
    print(f"{len(workbook.worksheets)} sheets, {numbers} numeric cells checked, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
