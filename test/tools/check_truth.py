#!/usr/bin/env python3
"""Compare gai_dump's reading of generated reports with their truth files.

  check_truth.py DIR [--dump test/tools/gai_dump] [--show N]

DIR holds NNNNNN.txt + NNNNNN.json from gen_reports.py --out.  Prints per
report mismatches (cells, agency, year, template) and a summary line.
"""
import json, os, subprocess, sys
from decimal import Decimal

def main():
    d = sys.argv[1]
    dump = "test/tools/gai_dump"
    show = 20
    if "--show" in sys.argv:
        show = int(sys.argv[sys.argv.index("--show") + 1])
    names = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".txt"))
    bad_reports = 0
    bad_cells = 0
    total_cells = 0
    shown = 0
    for i in range(0, len(names), 200):
        chunk = names[i:i + 200]
        out = subprocess.run([dump] + [os.path.join(d, n + ".txt") for n in chunk],
                             capture_output=True, text=True, check=True).stdout
        per = {}
        cur = None
        for line in out.splitlines():
            if line.startswith("== "):
                cur = os.path.basename(line[3:])[:-4]
                per[cur] = {"cells": {}, "meta": {}, "warn": []}
            elif line.startswith("cell "):
                sec, item, col, val, st, ln, raw = line[5:].split("|", 6)
                per[cur]["cells"][(sec, item, col)] = None if val == "NULL" else Decimal(val)
            elif ": " in line and line.split(": ")[0] in ("agency", "year", "is_report template"):
                k, v = line.split(": ", 1)
                per[cur]["meta"][k] = v
            elif line.startswith("is_report"):
                per[cur]["meta"]["template"] = line.split("template: ")[1].split()[0]
            elif line.startswith("warning: "):
                per[cur]["warn"].append(line[9:])
        for n in chunk:
            t = json.load(open(os.path.join(d, n + ".json"), encoding="utf-8"))
            got = per[n]
            problems = []
            for sec, item, col, v in t["cells"]:
                total_cells += 1
                g = got["cells"].get((sec, item, col), "absent")
                want = None if v is None else Decimal(str(v))
                if g == "absent" or g != want:
                    bad_cells += 1
                    problems.append(f"{sec}/{item}/{col}: want {v} got {g}")
            extra = set(got["cells"]) - {(s, i, c) for s, i, c, _ in t["cells"]}
            for e in extra:
                problems.append(f"extra cell {e}")
            if got["meta"].get("agency") != t["agency"]:
                problems.append(f"agency: want {t['agency']} got {got['meta'].get('agency')}")
            if got["meta"].get("year") != str(t["year"]):
                problems.append(f"year: want {t['year']} got {got['meta'].get('year')}")
            if got["meta"].get("template") != t["format"]:
                problems.append(f"template: want {t['format']} got {got['meta'].get('template')}")
            if problems:
                bad_reports += 1
                if shown < show:
                    shown += 1
                    print(f"--- {n} ({t['format']}, {t['layout']})")
                    for p in problems[:12]:
                        print("   ", p)
                    for w in got["warn"][:6]:
                        print("    warning:", w)
    print(f"reports: {len(names)}, wrong: {bad_reports}; cells: {total_cells}, wrong: {bad_cells}")
    print(f"{len(names) - bad_reports} passed, {bad_reports} failed")
    return 1 if bad_reports else 0

if __name__ == "__main__":
    sys.exit(main())
