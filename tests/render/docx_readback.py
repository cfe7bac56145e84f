#!/usr/bin/python3
"""Reads a Word report written by RenderDocx back with python-docx and checks it against
the Report it came from.

    docx_readback.py REPORT.docx REPORT.json EXPECTED.tsv     exit 0 if everything matches

REPORT.json is the Report (protobuf JSON) with its tables in table-number order.
EXPECTED.tsv lists what the layout says the document shows, one item a line:
    heading <TAB> number <TAB> title         (in reading order)
    table   <TAB> label  <TAB> title         (in table-number order)
    figure  <TAB> label  <TAB> title <TAB> pictures
    sentence / headline / note <TAB> text

Checks: headings in order; each table preceded by its caption, every cell's text equal
to the report's and every number in it equal to the report's value at the decimals
shown; three-line rules (heavy top and bottom, a rule under the header, no verticals);
each figure's pictures (PNG, not blank) right above its caption; every summary
sentence, headline and note present; every run names an East Asian font, and a Chinese
report holds CJK text.
"""
import io
import json
import math
import re
import sys

import docx
from docx.oxml.ns import qn
from PIL import Image

CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def body_items(document):
    """('p', paragraph) and ('tbl', table) in body order."""
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    items = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            items.append(("p", paragraphs[child]))
        elif child.tag == qn("w:tbl"):
            items.append(("tbl", tables[child]))
    return items


def check_number(where, text, cell, errors):
    """The number a reader sees equals the report's value at the decimals shown."""
    value = cell.get("value", 0.0)
    if not cell.get("hasValue") or not isinstance(value, (int, float)) or not math.isfinite(value):
        return 0
    match = NUMBER.search(text.replace(",", ""))
    if match is None:
        errors.append(f"{where}: {text!r} shows no number for {value!r}")
        return 0
    shown = match.group(0)
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    scale = 100.0 if text.rstrip("*").endswith("%") else 1.0
    if abs(float(shown) - value * scale) > 0.5 * 10 ** -decimals + 1e-9 * max(1.0, abs(value)):
        errors.append(f"{where}: shows {shown}, the report's value is {value!r}")
    return 1


def check_rules(label, table, errors):
    props = table._tbl.tblPr
    borders = props.find(qn("w:tblBorders"))
    if borders is None:
        errors.append(f"{label}: no table borders")
        return
    for side in ("top", "bottom"):
        rule = borders.find(qn(f"w:{side}"))
        if rule is None or rule.get(qn("w:val")) != "single":
            errors.append(f"{label}: no {side} rule")
    for side in ("left", "right", "insideV", "insideH"):
        rule = borders.find(qn(f"w:{side}"))
        if rule is not None and rule.get(qn("w:val")) not in ("nil", "none"):
            errors.append(f"{label}: a {side} rule (a three-line table has none)")
    for cell in table.rows[0].cells:
        bottom = cell._tc.find(".//" + qn("w:tcBorders") + "/" + qn("w:bottom"))
        if bottom is None or bottom.get(qn("w:val")) != "single":
            errors.append(f"{label}: header cell without the rule under it")
            break


def check_table(label, table, want, errors):
    columns = max([len(want.get("columns", []))] + [len(r.get("cells", [])) for r in want.get("rows", [])])
    expected = [[want.get("stubHeader", "")] + want.get("columns", []) + [""] * (columns - len(want.get("columns", [])))]
    for row in want.get("rows", []):
        cells = [c.get("text", "") for c in row.get("cells", [])]
        expected.append([row.get("label", "")] + cells + [""] * (columns - len(cells)))
    got = [[cell.text for cell in row.cells] for row in table.rows]
    if len(got) != len(expected):
        errors.append(f"{label}: {len(got)} rows, want {len(expected)}")
    numbers = 0
    for r, (got_row, want_row) in enumerate(zip(got, expected)):
        if got_row != want_row:
            errors.append(f"{label} row {r}: {got_row!r}, want {want_row!r}")
        if r > 0:
            for c, cell in enumerate(want["rows"][r - 1].get("cells", [])):
                numbers += check_number(f"{label} row {r} col {c + 1}", got_row[c + 1] if c + 1 < len(got_row) else "", cell, errors)
    check_rules(label, table, errors)
    return numbers


def picture_count(paragraph):
    return len(paragraph._p.findall(".//" + qn("w:drawing")))


def check_picture_parts(document, errors):
    pictures = 0
    for rel in document.part.rels.values():
        if not rel.reltype.endswith("/image"):
            continue
        blob = rel.target_part.blob
        pictures += 1
        if blob[:8] != b"\x89PNG\r\n\x1a\n":
            errors.append(f"{rel.target_ref}: not a PNG")
            continue
        image = Image.open(io.BytesIO(blob)).convert("L")
        dark = sum(image.histogram()[:200])
        if dark < 0.005 * image.width * image.height:
            errors.append(f"{rel.target_ref}: blank picture ({dark} dark pixels)")
    return pictures


def check_fonts(document, zh, text, errors):
    runs = document.element.body.findall(".//" + qn("w:r"))
    for run in runs:
        if run.find(qn("w:t")) is None:
            continue
        fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if fonts is None or not fonts.get(qn("w:eastAsia")):
            errors.append(f"run {run.findtext(qn('w:t'))!r} names no East Asian font")
            break
    if zh and not CJK.search(text):
        errors.append("a Chinese report without CJK text")


def read_expected(path):
    items = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            items.append(line.rstrip("\n").split("\t"))
    return items


def check_layout(items, expected, tables, errors):
    """Headings, captions, tables and pictures in order. Returns numbers checked."""
    heads = [p.text for kind, p in items if kind == "p" and p.style.style_id == "Heading1"]
    want_heads = [e for e in expected if e[0] == "heading"]
    pos = 0
    for _, number, title in want_heads:
        while pos < len(heads) and not (heads[pos].startswith(number) and heads[pos].endswith(title)):
            pos += 1
        if pos == len(heads):
            errors.append(f"heading {number} {title!r} missing or out of order in {heads!r}")
            break
    numbers = 0
    want_tables = [e for e in expected if e[0] == "table"]
    found = [i for i, (kind, _) in enumerate(items) if kind == "tbl"]
    if len(found) != len(want_tables):
        errors.append(f"{len(found)} tables, want {len(want_tables)}")
    for (_, label, title), index, want in zip(want_tables, found, tables):
        caption = items[index - 1][1].text if index > 0 and items[index - 1][0] == "p" else ""
        if label not in caption or title not in caption:
            errors.append(f"{label}: caption {caption!r} before the table")
        numbers += check_table(label, items[index][1], want, errors)
    for _, label, title, panels in (e for e in expected if e[0] == "figure"):
        at = [i for i, (kind, p) in enumerate(items) if kind == "p" and p.text == f"{label}  {title}"]
        if not at:
            errors.append(f"{label}: no caption {label}  {title!r}")
            continue
        shown, i = 0, at[0] - 1
        while i >= 0 and items[i][0] == "p" and picture_count(items[i][1]) > 0:
            shown += picture_count(items[i][1])
            i -= 1
        if shown != int(panels):
            errors.append(f"{label}: {shown} pictures above the caption, want {panels}")
    return numbers


def main():
    document = docx.Document(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        report = json.load(f)
    expected = read_expected(sys.argv[3])
    errors = []
    items = body_items(document)
    text = "\n".join(p.text for kind, p in items if kind == "p")
    if report.get("title") and document.paragraphs[0].text != report["title"]:
        errors.append(f"first paragraph {document.paragraphs[0].text!r}, want the title")
    numbers = check_layout(items, expected, report.get("tables", []), errors)
    for kind, *rest in expected:
        if kind in ("sentence", "headline", "note") and rest[0] not in text:
            errors.append(f"{kind} {rest[0]!r} not in the document")
    pictures = check_picture_parts(document, errors)
    check_fonts(document, report.get("language") == "LANGUAGE_ZH", text, errors)
    if numbers == 0:
        errors.append("no number was checked")
    for e in errors[:30]:
        print(e)
    print(f"{len(document.tables)} tables, {numbers} numbers, {pictures} pictures checked, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
