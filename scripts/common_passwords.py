#!/usr/bin/env python3
"""Writes Sources/TrustlaneCore/Resources/Passwords/common-passwords.txt: a bounded blocklist of
common passwords (NIST SP 800-63B 5.1.1.2) for PasswordRule. Written from well-known common
passwords and generated patterns; nothing is downloaded. Only entries of at least 12 characters
are kept (shorter ones are refused by the length rule anyway); lower-case, sorted, one a line.

Usage: python3 scripts/common_passwords.py
"""
import pathlib

MIN, MAX = 12, 72
out = set()

def add(p):
    p = p.lower()
    if MIN <= len(p) and len(p.encode()) <= MAX:
        out.add(p)

# Well-known common passwords and words people build passwords from.
words = """password passw0rd p@ssword p@ssw0rd pass qwerty qwertyuiop azerty iloveyou sunshine princess football
baseball basketball soccer hockey welcome dragon monkey letmein trustno1 admin administrator master shadow superman
batman spiderman michael jennifer jordan hunter ranger buster thomas tigger robert daniel charlie andrew michelle
jessica ashley bailey abc123 freedom whatever qazwsx mustang computer internet starwars cheese summer winter spring
autumn secret login access changeme default guest user root test tester testing hello hellokitty lovely loveme
flower freedom computer matrix zaq12wsx samsung apple google facebook linkedin microsoft windows linux ubuntu
chocolate cookie banana orange pepper ginger maggie buddy lucky killer soccer1 harley hannah yankees cowboys eagles
steelers dolphins lakers chelsea arsenal liverpool barcelona realmadrid juventus manchester america mexico canada
indonesia jakarta bandung surabaya espana madrid monterrey guadalajara tijuana laredo california texas florida
newyork chicago houston phoenix dallas miami family friends forever together heaven angel blessed jesus christ
god godisgood faith hope trustme letmein1 pokemon naruto minecraft fortnite roblox gaming player1 starbucks
coffee pizza burger whiskey vodka tequila corona cerveza amor teamo tequiero aku sayang cinta rahasia kata sandi
contrasena contraseña clave secreto bismillah allah merdeka garuda pancasila company business office work
security secure compliance customs border import export logistics shipping freight cargo warehouse supply chain
partner carrier broker manufacturer trucking truck container seal
trustlane ctpat c-tpat cbp customsborder customsandborder dhs homeland""".split()

suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "123456789", "!", "1!", "123!", "1234!", "!@#", "@123",
            "2024", "2025", "2026", "2025!", "2026!"]
prefixes = ["", "my"]
for w in words:
    for pre in prefixes:
        for suf in suffixes:
            add(pre + w + suf)
    add(w * 2); add(w * 3); add(w + w[::-1])
    add(w.replace("a", "@").replace("o", "0").replace("e", "3").replace("i", "1").replace("s", "$") + "123")

# Phrases that are common long passwords.
for p in """iloveyouforever iloveyousomuch letmeinplease changemenow changeme123 welcometothejungle
correcthorsebatterystaple correct horse battery staple thequickbrownfox thequickbrownfoxjumps
passwordpassword mypasswordis thisismypassword thisisapassword supersecretpassword verysecurepassword
administrator1 administrator123 adminadminadmin rootrootroot qwertyqwerty iloveyoubaby ihateyou123
letmein123456 trustno1trustno1 welcome12345 welcomewelcome starwars1234 football1234 baseball1234""".split("\n"):
    add(p.strip()); add(p.replace(" ", ""))

# Repeated characters and short repeated units.
alphabet = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*.-_ "
for c in alphabet:
    for n in range(MIN, 17):
        add(c * n)
for unit in ["ab", "abc", "abcd", "12", "123", "1234", "01", "10", "qw", "qwe", "qwer", "asd", "asdf", "zxc", "xo", "ha",
             "lol", "love", "pass", "abc1", "a1", "1a", "aa11", "!@", "!@#", "!@#$", "69", "00", "11", "007", "420"]:
    for n in (12, 13, 14, 15, 16, 18, 20, 24):
        add((unit * 30)[:n])

# Sequences: digits, letters, forward and backward, every start, lengths 12-26.
for seq in ["0123456789" * 4, "1234567890" * 4, "abcdefghijklmnopqrstuvwxyz" * 2]:
    for s in (seq, seq[::-1]):
        for start in range(0, 10):
            for n in range(MIN, 21):
                add(s[start:start + n])

# Keyboard walks (US and common variants).
rows = ["1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./", "!@#$%^&*()_+", "azertyuiop", "qwertzuiop", "qsdfghjklm", "wxcvbn"]
for r in rows:
    for s in (r, r[::-1]):
        for start in range(len(s)):
            for n in range(6, len(s) + 1):
                part = s[start:start + n]
                add(part * 2); add(part + "123456")
for walk in ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "qazwsxedcrfv", "qazwsxedcrfvtgb",
             "1q2w3e4r5t6y", "1q2w3e4r5t6y7u", "1q2w3e4r5t6y7u8i9o0p", "zaq12wsxcde3", "zaq1xsw2cde3", "!qaz@wsx#edc",
             "1qazxsw23edc", "qwertyasdfgh", "qwertyuiopasdfghjkl", "asdfghjklqwerty", "qweasdzxc123", "qweasdzxcvbn",
             "1234qwerasdf", "1234qwerasdfzxcv", "qwer1234asdf", "asdfqwer1234", "qwerasdfzxcv", "zxcvasdfqwer",
             "poiuytrewq123", "mnbvcxzlkjhg", "lkjhgfdsapoiu", "1q2w3e4r1q2w3e4r", "q1w2e3r4t5y6", "a1s2d3f4g5h6",
             "z1x2c3v4b5n6", "qwerty123456", "qwerty1234567", "asdfgh123456", "zxcvbn123456", "123456qwerty",
             "123qweasdzxc", "1qa2ws3ed4rf", "qwertyuiop123", "qwertyuiop1234", "asdfghjkl123", "zxcvbnm12345"]:
    add(walk); add(walk + "!"); add(walk * 2)

# Dates people use: ddmmyyyy / yyyymmdd pairs are long enough when doubled with a word.
for y in range(1960, 2031):
    for w in ["password", "welcome", "iloveyou", "trustlane", "football", "qwerty"]:
        add(w + str(y)); add(w + str(y) + "!")

path = pathlib.Path(__file__).resolve().parent.parent / "Sources/TrustlaneCore/Resources/Passwords/common-passwords.txt"
path.write_text("\n".join(sorted(out)) + "\n")
print(f"{len(out)} passwords -> {path}")
