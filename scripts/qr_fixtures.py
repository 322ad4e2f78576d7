#!/usr/bin/env python3
"""Writes Tests/TrustlaneCoreTests/Fixtures/qr-vectors.jsonl (one JSON vector a line, read by
Tests/TrustlaneCoreTests/Foundation/QRCodeFixtures.swift): reference QR matrices for
Core's `QRCode` encoder (byte mode, level M, versions 1-10), made by independent encoders.

    python3 -m venv /tmp/qrvenv && /tmp/qrvenv/bin/pip install segno==1.6.6 qrcode==8.2
    /tmp/qrvenv/bin/python scripts/qr_fixtures.py

Each vector is one byte string, its smallest version at level M, the penalty score of each of the
eight masks and the matrix with the mask of lowest score (the first of equals), or with a mask given.

- The matrices are python-qrcode's (byte mode, no ECI). segno is not used for them: it writes
  eight zero padding bits when the data already ends on a codeword boundary (segno issues #123
  and #148), which byte mode always does, so its pad codewords differ from the standard's.
- The penalties are segno's own scoring (`segno.encoder.mask_scores`, ISO/IEC 18004:2015 7.8.3.1)
  of python-qrcode's symbol under each mask with the format and version areas left light (how
  both libraries score before drawing them). python-qrcode's own scoring is not used: it does not
  count a 1:1:3:1:1 pattern at the symbol's edge and counts one with light on both sides twice.
- When zbarimg (Debian's zbar-tools) is installed, each matrix is also drawn to a PBM file and
  must decode to its bytes.

The fixtures are committed; the Swift tests never need Python.
"""
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import qrcode
import qrcode.util
import segno
from segno import encoder as segno_encoder

CAPACITY = {1: 14, 2: 26, 3: 42, 4: 62, 5: 84, 6: 106, 7: 122, 8: 152, 9: 180, 10: 213}
URL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?=&%"


def smallest_version(data: bytes) -> int:
    return next(v for v, capacity in CAPACITY.items() if capacity >= len(data))


def symbol(data: bytes, version: int, mask: int, test: bool):
    """python-qrcode's modules; `test`: the format and version areas and dark module left light."""
    qr = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
    qr.add_data(qrcode.util.QRData(data, mode=qrcode.util.MODE_8BIT_BYTE))
    qr.makeImpl(test, mask)
    return [[bool(m) for m in row] for row in qr.modules]


def penalties(data: bytes, version: int):
    scores = []
    for mask in range(8):
        rows = tuple(bytearray(1 if m else 0 for m in row) for row in symbol(data, version, mask, test=True))
        scores.append(sum(segno_encoder.mask_scores(rows, len(rows), len(rows))))
    return scores


def text_rows(modules):
    return ["".join("#" if m else "." for m in row) for row in modules]


def decodes(rows, data: bytes) -> bool:
    """zbarimg reads the matrix (4-module quiet zone, 6 pixels a module) back to `data`."""
    scale, n = 6, len(rows) + 8
    with tempfile.NamedTemporaryFile(suffix=".pbm", mode="w") as f:
        f.write(f"P1\n{n * scale} {n * scale}\n")
        for r in range(n):
            line = []
            for c in range(n):
                inside = 4 <= r < n - 4 and 4 <= c < n - 4
                line += ["1" if inside and rows[r - 4][c - 4] == "#" else "0"] * scale
            f.write((" ".join(line) + "\n") * scale)
        f.flush()
        out = subprocess.run(["zbarimg", "--raw", "-q", "-Sbinary", f.name], capture_output=True)
    return out.stdout.rstrip(b"\n") == data


def vectors():
    rng = random.Random(20261206)
    out = []

    def url(n):
        return "".join(rng.choice(URL_CHARS) for _ in range(n)).encode()

    out.append(("empty", b""))
    out.append(("report link", b"https://trustlane.example/report/k3Jd9QpX2mVb7TzR"))
    out.append(("report link with language", b"https://compliance.pt-contoh.co.id/report/Zx81Qm0vLk2wPq9Ra7Ty?lang=id"))
    out.append(("utf-8 text", "Laporan anonim · señal ñ · 報告".encode("utf-8")))
    out.append(("every byte value", bytes(range(213))))
    for version, capacity in CAPACITY.items():
        out.append((f"full version {version}", url(capacity)))
        if version < 10:
            out.append((f"one past version {version}", url(capacity + 1)))
    for length in (1, 7, 20, 33, 50, 70, 95, 115, 140, 170, 200):
        out.append((f"{length} bytes", url(length)))
    return out


def main():
    root = Path(__file__).resolve().parent.parent
    target = root / "Tests/TrustlaneCoreTests/Fixtures/qr-vectors.jsonl"
    check = shutil.which("zbarimg") is not None
    # One vector a line, read by QRCodeFixtures.swift; where the vectors came from is said there
    # and printed here (JSON has no comments).
    lines = []
    count = 0

    def add(name, data, version, mask, given, scores):
        nonlocal count
        rows = text_rows(symbol(data, version, mask, test=False))
        if check and not decodes(rows, data):
            sys.exit(f"zbarimg does not read {name} back")
        lines.append(vector(name, data, version, mask, given, scores, rows))
        count += 1

    for name, data in vectors():
        version = smallest_version(data)
        scores = penalties(data, version)
        add(name, data, version, scores.index(min(scores)), False, scores)
    # Every mask, on a code without version information and on one with it.
    for name, data in (("fixed mask, version 2", b"https://tl.example/r/Ab12"),
                       ("fixed mask, version 8", b"https://trustlane.example/report/" + b"x" * 110)):
        for mask in range(8):
            add(f"{name}, mask {mask}", data, smallest_version(data), mask, True, [])
    target.write_text("\n".join(lines) + "\n")
    print(f"wrote {count} vectors to {target.relative_to(root)} (python-qrcode {package_version('qrcode')}, segno {segno.__version__})"
          + ("; each decoded by zbarimg" if check else " (zbarimg not found: not decoded)"))


def vector(name, data, version, mask, given, scores, rows):
    return json.dumps({"name": name, "hex": data.hex(), "version": version, "mask": mask, "maskGiven": given,
                       "penalties": scores, "rows": rows}, separators=(",", ":"))


def package_version(name):
    from importlib.metadata import version
    return version(name)


if __name__ == "__main__":
    main()
