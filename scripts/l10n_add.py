#!/usr/bin/env python3
"""Adds or replaces localization keys in all three language files, keeping them sorted.

Usage: python3 scripts/l10n_add.py FILE   where FILE holds lines `key | English | Español | Bahasa Indonesia`.
"""
import json, pathlib, sys

base = pathlib.Path(__file__).resolve().parent.parent / "Sources/TrustlaneCore/Resources/Localization"
tables = {lang: json.loads((base / f"{lang}.json").read_text()) for lang in ("en", "es", "id")}
for line in pathlib.Path(sys.argv[1]).read_text().splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    key, en, es, id_ = [part.strip() for part in line.split("|")]
    tables["en"][key], tables["es"][key], tables["id"][key] = en, es, id_
for lang, table in tables.items():
    (base / f"{lang}.json").write_text(json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=1) + "\n")
print(f"{len(tables['en'])} keys")
