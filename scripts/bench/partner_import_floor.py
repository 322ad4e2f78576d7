#!/usr/bin/env python3
"""SQLite's own floor for issue 15's import of 100,000 partners, for comparison with
`trustlane bench --only partners`.

Takes the partner tables' schema from a database Trustlane created (its real migrations), then
inserts 100,000 partners, their registration numbers and their search terms in one transaction
through Python's sqlite3 (one prepared statement per table, executemany), with the settings
Trustlane uses (WAL, foreign keys on, a 32 MB cache during large imports). Whatever Trustlane's
import costs beyond these figures (plus reading and checking the CSV) is its own overhead.

    python3 scripts/bench/partner_import_floor.py /path/to/trustlane-bench.sqlite [--sorted] [--no-fk]
"""
import os, random, sqlite3, subprocess, sys, tempfile, time, uuid

source = sys.argv[1]
sort_terms = "--sorted" in sys.argv
foreign_keys = "OFF" if "--no-fk" in sys.argv else "ON"
schema = subprocess.run(["sqlite3", source, ".schema business_partners", ".schema business_partner_terms",
                         ".schema business_partner_identifiers"], check=True, capture_output=True, text=True).stdout
path = os.path.join(tempfile.mkdtemp(), "floor.sqlite")
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute(f"PRAGMA foreign_keys={foreign_keys}"); db.execute("PRAGMA cache_size=-32768")
db.executescript("CREATE TABLE companies (id UUID PRIMARY KEY);" + schema)
company = str(uuid.uuid4()).upper()
db.execute("INSERT INTO companies (id) VALUES (?)", (company,))
random.seed(15)
syllables = ["ka", "ri", "to", "mu", "sa", "le", "no", "vi", "pe", "da", "go", "ju", "be", "fa", "ha", "zi",
             "lo", "me", "ta", "su", "ra", "ne", "co", "wi", "xa", "yu", "qu", "de", "ti", "po", "ma", "ge"]
def word(): return "".join(random.choice(syllables) for _ in range(random.randint(2, 4)))
partners, terms, identifiers = [], [], []
for n in range(100_000):
    pid = str(uuid.uuid4()).upper()
    name = " ".join(word() for _ in range(random.randint(2, 3))) + " ltd"
    tokens = set(name.split())
    if n % 3 == 0: tokens |= {word() for _ in range(2)}
    partners.append((pid, company, f"P-{n}", f"p-{n}", name.title(), name, "", "ID", "supplier", "active", None,
                     f"duns:{100_000_000 + n}", None, None, None, None, 1.0, 1.0, "medium", 3))
    terms += [(company, pid, t) for t in tokens]
    identifiers.append((company, pid, f"duns:{100_000_000 + n}"))
if sort_terms: terms.sort(key=lambda row: row[2])
t0 = time.time(); db.execute("BEGIN")
db.executemany("""INSERT INTO business_partners (id, company_id, reference, reference_key, legal_name, name_key, other_names,
    country, role, status, address, identifiers, sites, contact_name, contact_email, notes, created_at, updated_at, tier,
    tier_points) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", partners)
t1 = time.time(); db.executemany("INSERT INTO business_partner_identifiers (company_id, partner_id, key) VALUES (?,?,?)", identifiers)
t2 = time.time(); db.executemany("INSERT INTO business_partner_terms (company_id, partner_id, term) VALUES (?,?,?)", terms)
t3 = time.time(); db.execute("COMMIT"); t4 = time.time()
print(f"partners {t1 - t0:.2f} s, identifiers {t2 - t1:.2f} s, {len(terms)} terms {t3 - t2:.2f} s, commit {t4 - t3:.2f} s: "
      f"total {t4 - t0:.2f} s; file {os.path.getsize(path) / 1e6:.0f} MB (foreign keys {foreign_keys}, terms sorted: {sort_terms})")
