#!/usr/bin/env python3
"""Certainty check on shapes the parser does not yet read in full.

  check_no_wrong.py [--min-right PCT] DIR... [--dump test/tools/gai_dump]

For every NAME.txt/.html + NAME.json (render_corpus truth: cells, blanks; shared/real truth:
also not_printed, cells that must not be returned) in each DIR,
runs gai_dump and sorts each truth cell into: right (value or blank as in the truth),
flagged (unreadable, ambiguous, or not returned) or WRONG (a value or blank that differs
from the truth).  A report passes when it has no WRONG cell.  Prints per directory the
counts and the share read, then "N passed, M failed"; exit 1 on any WRONG cell, and with
--min-right PCT also when a directory's share of cells right is below PCT (a floor: what the
readers read today, so a change that reads fewer cells fails).
"""
import json, os, subprocess, sys
from decimal import Decimal

def main():
    args = sys.argv[1:]
    dump = "test/tools/gai_dump"
    if "--dump" in args:
        i = args.index("--dump"); dump = args[i + 1]; del args[i:i + 2]
    min_right = None
    if "--min-right" in args:
        i = args.index("--min-right"); min_right = float(args[i + 1]); del args[i:i + 2]
    passed = failed = 0
    short = []
    for d in args:
        names = sorted(f[:-5] for f in os.listdir(d) if f.endswith(".json"))
        right = flagged = wrong = 0
        for n in names:
            src = next(os.path.join(d, n + e) for e in (".html", ".txt") if os.path.exists(os.path.join(d, n + e)))
            out = subprocess.run([dump, src], capture_output=True, text=True, check=True).stdout
            got = {}
            for line in out.splitlines():
                if line.startswith("cell "):
                    sec, item, col, val, st, ln, raw = line[5:].split("|", 6)
                    got[(sec, item, col)] = (val, st)
            t = json.load(open(os.path.join(d, n + ".json"), encoding="utf-8"))
            blanks = {tuple(b) for b in t.get("blanks", [])}
            not_printed = {tuple(c) for c in t.get("not_printed", [])}
            bad = []
            for sec, item, col, v in t["cells"]:
                g = got.get((sec, item, col))
                if (sec, item, col) in not_printed:
                    if g is not None:
                        wrong += 1
                        bad.append(f"{sec}/{item}/{col}: not printed, read {g[0]} ({g[1]})")
                    continue
                if g is None or g[1] in ("unreadable", "ambiguous"):
                    flagged += 1
                    continue
                isblank = (sec, item, col) in blanks
                ok = isblank if g[1] == "blank" else (not isblank and Decimal(g[0]) == Decimal(str(v)))
                if ok:
                    right += 1
                else:
                    wrong += 1
                    bad.append(f"{sec}/{item}/{col}: truth {'blank' if isblank else v}, read {g[0]} ({g[1]})")
            if bad:
                failed += 1
                print(f"--- {src}: {len(bad)} cells wrong")
                for b in bad[:10]:
                    print("   ", b)
            else:
                passed += 1
        total = right + flagged + wrong
        share = 100 * right / max(total, 1)
        print(f"{d}: {len(names)} reports, {total} cells: right {right} ({share:.1f}%), "
              f"flagged {flagged}, wrong {wrong}")
        if min_right is not None and share < min_right:
            short.append(f"{d}: {share:.1f}% right, at least {min_right:g}% wanted")
    print(f"{passed} passed, {failed} failed")
    for s in short:
        print("too few cells right:", s)
    return 1 if failed or short else 0

if __name__ == "__main__":
    sys.exit(main())
