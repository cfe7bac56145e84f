#!/usr/bin/env python3
"""Checks the shipped region data under data/regions (label `data`): the contiguity and
capitals files cover exactly the 31 provinces of china_provinces.csv, contiguity pairs are
unique and only Hainan lacks a land neighbour, coordinates lie inside China's bounding box
and great-circle distances between a few capitals match their well-known values."""
import csv
import math
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REG = os.path.join(ROOT, "data", "regions")


def rows(name):
    with open(os.path.join(REG, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[1], a[0], b[1], b[0]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def main():
    provinces = [r["entity"] for r in rows("china_provinces.csv")]
    errors = []
    edges = rows("china_province_contiguity.csv")
    pairs = set()
    land = {p: 0 for p in provinces}
    for e in edges:
        a, b, kind = e["entity_a"], e["entity_b"], e["kind"]
        for p in (a, b):
            if p not in land:
                errors.append(f"contiguity: unknown province {p!r}")
        key = tuple(sorted((a, b)))
        if key in pairs:
            errors.append(f"contiguity: pair {key} repeated")
        pairs.add(key)
        if kind == "land" and a in land and b in land:
            land[a] += 1
            land[b] += 1
        elif kind not in ("land", "hainan_guangdong", "hainan_guangxi"):
            errors.append(f"contiguity: unknown kind {kind!r}")
    isolated = sorted(p for p, k in land.items() if k == 0)
    if isolated != ["Hainan"]:
        errors.append(f"contiguity: provinces without a land neighbour {isolated}, expected only Hainan")
    capitals = {r["entity"]: (float(r["longitude"]), float(r["latitude"])) for r in rows("china_province_capitals.csv")}
    if sorted(capitals) != sorted(provinces):
        errors.append("capitals: provinces differ from china_provinces.csv")
    for p, (lon, lat) in capitals.items():
        if not (73 <= lon <= 135 and 18 <= lat <= 54):
            errors.append(f"capitals: {p} at ({lon}, {lat}) is outside China")
    # Straight-line distances between capitals as commonly quoted (+-2%).
    for a, b, km in (("Beijing", "Shanghai", 1068), ("Beijing", "Guangdong", 1889), ("Sichuan", "Tibet", 1250)):
        d = haversine(capitals[a], capitals[b])
        if abs(d - km) > 0.02 * km:
            errors.append(f"capitals: {a}-{b} {d:.0f} km, expected about {km}")
    for e in errors:
        print("FAIL:", e)
    print(f"{len(provinces)} provinces, {len(pairs)} contiguity pairs, {len(capitals)} capitals")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
