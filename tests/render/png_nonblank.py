#!/usr/bin/python3
"""Checks that a PNG screenshot shows something: decodes it with the standard library
only (IHDR / IDAT chunks, zlib inflate, scanline unfiltering) and counts pixels.

usage: png_nonblank.py FILE [--min-fraction F] [--expect-color RRGGBB:N ...]

Exits 0 when the share of non-white pixels is at least F (default 0.01) and, for each
--expect-color, at least N pixels lie within 48 (per channel) of that colour (e.g. the
first palette colour, to show that the SVG charts were drawn). Prints one JSON line.
"""
import json
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos = 8
    idat = []
    header = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, color_type, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(color_type)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError("unsupported PNG: depth %d colour type %d interlace %d" % (depth, color_type, interlace))
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if (pa <= pb and pa <= pc) else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        elif kind != 0:
            raise ValueError("bad filter type %d in row %d" % (kind, y))
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def rgb_pixels(width, channels, rows):
    for line in rows:
        for x in range(width):
            px = line[x * channels:(x + 1) * channels]
            if channels >= 3:
                yield px[0], px[1], px[2]
            else:
                yield px[0], px[0], px[0]


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    path = argv[1]
    min_fraction = 0.01
    expected = []
    i = 2
    while i < len(argv):
        if argv[i] == "--min-fraction":
            min_fraction = float(argv[i + 1])
            i += 2
        elif argv[i] == "--expect-color":
            rgb, count = argv[i + 1].split(":")
            expected.append(((int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)), int(count)))
            i += 2
        else:
            raise SystemExit("unknown argument " + argv[i])
    width, height, channels, rows = read_png(path)
    total = width * height
    non_white = 0
    colour_counts = [0] * len(expected)
    for r, g, b in rgb_pixels(width, channels, rows):
        if r < 245 or g < 245 or b < 245:
            non_white += 1
            for k, ((er, eg, eb), _) in enumerate(expected):
                if abs(r - er) <= 48 and abs(g - eg) <= 48 and abs(b - eb) <= 48:
                    colour_counts[k] += 1
    fraction = non_white / total if total else 0.0
    ok = fraction >= min_fraction and all(c >= n for c, (_, n) in zip(colour_counts, expected))
    print(json.dumps({"width": width, "height": height, "non_white_fraction": round(fraction, 5),
                      "expected_colour_pixels": colour_counts, "ok": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
