#!/usr/bin/python3
"""Writes the reference panels as Excel workbooks with openpyxl (independent of the
C++ .xlsx reader under test), plus the malformed workbooks the bad-file tests read.

    /usr/bin/python3 tests/reference/files/write_files.py
Output: tests/reference/data/files/*.xlsx (see tests/reference/README.md, "Files").
Values come from the committed CSVs parsed with float() (exact doubles; openpyxl writes
repr(), the shortest string that reads back as the same double).
"""
import csv
import datetime
import os

import openpyxl

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT = os.path.join(ROOT, "tests", "reference", "data", "files")
# Fixed workbook timestamps so the files only change when the data do.
FIXED_TIME = datetime.datetime(2026, 1, 1)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return header, [[cell_value(v) for v in row] for row in body]


def cell_value(text):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def new_workbook():
    wb = openpyxl.Workbook()
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.remove(wb.active)
    return wb


def add_sheet(wb, title, header, rows):
    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        ws.append(row)
    return ws


def save(wb, name):
    wb.save(os.path.join(OUT, name))


def write_panels():
    produc = read_csv(os.path.join(ROOT, "tests", "reference", "data", "produc.csv"))
    grunfeld = read_csv(os.path.join(ROOT, "tests", "reference", "data", "grunfeld.csv"))
    wb = new_workbook()
    add_sheet(wb, "produc", *produc)      # first sheet: the default
    add_sheet(wb, "grunfeld", *grunfeld)  # chosen by name
    save(wb, "produc.xlsx")
    return produc


def write_dates(produc):
    """Period as a date cell (1 January of each year, Excel date format)."""
    header, rows = produc
    year = header.index("year")
    dated = [r[:year] + [datetime.datetime(r[year], 1, 1)] + r[year + 1:] for r in rows]
    wb = new_workbook()
    ws = add_sheet(wb, "produc", header, dated)
    for cell in ws[openpyxl.utils.get_column_letter(year + 1)][1:]:
        cell.number_format = "yyyy-mm-dd"
    save(wb, "produc_dates.xlsx")


def write_wide(produc):
    """Yearbook layout: one row per state, one column per year (lgsp1970 ... lgsp1986)."""
    header, rows = produc
    state, year = header.index("state"), header.index("year")
    gsp = header.index("gsp")
    years = sorted({r[year] for r in rows})
    by_state = {}
    for r in rows:
        by_state.setdefault(r[state], {})[r[year]] = r[gsp]
    wb = new_workbook()
    add_sheet(wb, "gsp", ["state"] + [f"gsp{y}" for y in years],
              [[s] + [v[y] for y in years] for s, v in by_state.items()])
    save(wb, "produc_wide.xlsx")


def write_bad():
    wb = new_workbook()
    ws = add_sheet(wb, "merged", ["state", "year", "output", None], [["A", 2000, 1.0, 2.0]])
    ws.merge_cells("C1:D1")
    wb.create_sheet("empty")
    rows = [["S%d" % (i // 3), 2000 + i % 3, float(i)] for i in range(30)]
    rows[16][2] = "n/a"  # data row 17 -> sheet row 18, column C
    add_sheet(wb, "text_in_number", ["state", "year", "lpcap"], rows)
    add_sheet(wb, "duplicate", ["state", "year", "lpcap", "lpcap"], [["A", 2000, 1.0, 2.0]])
    save(wb, "bad.xlsx")


def write_encrypted():
    """What a password-protected workbook starts with. Excel stores an encrypted .xlsx
    as an OLE compound file (signature D0 CF 11 E0 A1 B1 1A E1) holding EncryptionInfo
    and EncryptedPackage streams instead of a zip. Debian's msoffcrypto-tool (5.0) only
    decrypts, so this writes the compound-file header (MS-CFB 2.2, version 3, 512-byte
    sectors) and one empty sector: the reader recognises the container by its signature.
    """
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    header[24:26] = (0x3E).to_bytes(2, "little")    # minor version
    header[26:28] = (3).to_bytes(2, "little")       # major version 3
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # byte order mark
    header[30:32] = (9).to_bytes(2, "little")       # sector shift: 512 bytes
    header[32:34] = (6).to_bytes(2, "little")       # mini sector shift: 64 bytes
    with open(os.path.join(OUT, "encrypted.xlsx"), "wb") as f:
        f.write(bytes(header) + bytes(512))


def main():
    os.makedirs(OUT, exist_ok=True)
    produc = write_panels()
    write_dates(produc)
    write_wide(produc)
    write_bad()
    write_encrypted()
    print("wrote the .xlsx files to", OUT)


if __name__ == "__main__":
    main()
