"""Reads a PNG (8-bit RGB or RGBA, as Chromium writes screenshots) and prints what a test needs
to tell a rendered page from a blank or broken one:

{"width", "height", "white_share": share of pure white pixels, "distinct_colors",
 "last_content_row": the lowest row holding a non-white pixel (-1 if none),
 "colors": {"#rrggbb": pixels of exactly that colour, for each colour asked for}}

usage: png_stats.py FILE.png [#rrggbb ...]
Needs numpy (installed with `datasets`).
"""
import json
import struct
import sys
import zlib

import numpy as np


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, chunk = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
    if depth != 8 or color_type not in (2, 6) or interlace != 0:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {color_type}, interlace {interlace})")
    bpp = 3 if color_type == 2 else 4
    stride = width * bpp
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, stride + 1)
    out = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.uint8)
    for y in range(height):
        kind, row = raw[y, 0], raw[y, 1:]
        if kind == 0:
            line = row.copy()
        elif kind == 1:  # Sub: a running sum per channel, modulo 256
            line = np.cumsum(row.reshape(width, bpp), axis=0, dtype=np.uint8).reshape(stride)
        elif kind == 2:  # Up
            line = row + previous
        else:  # Average (3) and Paeth (4) depend on the byte just decoded: one at a time
            line = bytearray(stride)
            up = previous.tolist()
            filt = row.tolist()
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                if kind == 3:
                    line[x] = (filt[x] + ((left + up[x]) >> 1)) & 0xFF
                else:
                    upper_left = up[x - bpp] if x >= bpp else 0
                    p = left + up[x] - upper_left
                    pa, pb, pc = abs(p - left), abs(p - up[x]), abs(p - upper_left)
                    predictor = left if pa <= pb and pa <= pc else (up[x] if pb <= pc else upper_left)
                    line[x] = (filt[x] + predictor) & 0xFF
            line = np.frombuffer(bytes(line), dtype=np.uint8)
        out[y] = line
        previous = line
    pixels = out.reshape(height, width, bpp)[:, :, :3]
    return width, height, pixels


def main():
    width, height, pixels = decode(sys.argv[1])
    packed = (pixels[:, :, 0].astype(np.uint32) << 16) | (pixels[:, :, 1].astype(np.uint32) << 8) | pixels[:, :, 2]
    white = packed == 0xFFFFFF
    content_rows = np.nonzero(~white.all(axis=1))[0]
    colors = {}
    for hex_color in sys.argv[2:]:
        colors[hex_color] = int((packed == int(hex_color.lstrip("#"), 16)).sum())
    print(json.dumps({
        "width": width,
        "height": height,
        "white_share": float(white.mean()),
        "distinct_colors": int(np.unique(packed).size),
        "last_content_row": int(content_rows[-1]) if content_rows.size else -1,
        "colors": colors,
    }))


if __name__ == "__main__":
    main()
