#!/usr/bin/env python3
"""Compare gai_dump's reading of report files with their truth files.

  check_truth.py [--dump test/tools/gai_dump] [--show N] [--expect-fail] [--summary]
                 DIR|FILE...

A DIR holds NAME.json truth files, each beside its input NAME.html, NAME.htm or
NAME.txt (gen_reports.py --out, render_corpus.py, test/fixtures/*); a FILE is one
such input (its NAME.json beside it).  Per report it checks:

  cells       every truth cell comes back once: a cell listed in "blanks" (or
              whose truth value is null) with status `blank` and value NULL,
              every other one with status `ok` and its value; no template cell
              the truth lacks, no row the template lacks (`extra`).
  rules       the broken instances of the hard rules (requests.balance,
              requests.row_total, requests.outcome_total, appeals.row_total,
              nonnegative), as (rule, item, col), equal those recomputed here
              from the truth cells (blank = 0), and no other error is reported
              (cell.missing, table.missing, ...).  The truth's "violations"
              (the rules its deliberate error was made for) must be among the
              recomputed rules, and empty exactly when nothing is broken, or the
              truth file itself is reported as inconsistent.
  metadata    agency, year, template (= "format"); "title" when the truth has it;
              "sections" (codes in order, as gai_report's `sections`) when it has them.
  not a report  "not_a_report": true: gai_dump must say is_report 0, with no cell.

It prints the first --show failing reports (default 20; 0 with --expect-fail),
a table per shape (the truth's "shape", else its "layout": reports passed, cells
right, blank cells right, rule instances right), then

  reports: R, wrong: W; cells: C, wrong: X
  N passed, M failed

and exits 1 when a report failed, unless --expect-fail (for shapes not read yet:
always exits 0).  Stdlib only.
"""
import argparse, json, os, subprocess, sys
from collections import Counter, OrderedDict
from decimal import Decimal, InvalidOperation

INPUT_EXTS = (".html", ".htm", ".txt")
HARD_RULES = ("requests.balance", "requests.row_total", "requests.outcome_total",
              "appeals.row_total", "nonnegative")
# The item a column rule reports its instances under (README, gai_check): (NULL, col) for
# requests.balance, ('total', col) for requests.outcome_total.
COLUMN_RULE_ITEM = {"requests.balance": None, "requests.outcome_total": "total"}
APPLICANT_COLS = ("natural_person", "commercial", "research", "social_org", "legal_service",
                  "other_org")
APPEAL_PARTS = ("upheld", "corrected", "other", "pending")


# ------------------------------------------------------------------ truth side

def fmt_instance(x):
    rule, item, col = x
    return f"{rule} {item if item is not None else 'NULL'}/{col if col is not None else 'NULL'}"


def broken_instances(cells):
    """The hard-rule instances the truth cells break, as (rule, item, col).

    cells: {(section, item, col): Decimal or None}; None (blank) counts as 0.
    Rules over the rows and columns the truth has (a 2021 report printing （六）其他处理
    as one row has `other` and no other.*), like test/pgtap/generated.sql."""
    v = {k: (x if x is not None else Decimal(0)) for k, x in cells.items()}
    out = set()
    req_items = sorted({i for s, i, c in v if s == "requests"})
    req_cols = sorted({c for s, i, c in v if s == "requests"})
    g = lambda s, i, c: v.get((s, i, c), Decimal(0))
    outcome = [i for i in req_items if i in ("granted", "partial", "other") or
               ("." in i and i.split(".")[0] in ("denied", "unavailable", "rejected", "other"))]
    for c in req_cols:
        if g("requests", "received", c) + g("requests", "carried_in", c) != \
                g("requests", "total", c) + g("requests", "carried_over", c):
            out.add(("requests.balance", None, c))
        if sum(g("requests", i, c) for i in outcome) != g("requests", "total", c):
            out.add(("requests.outcome_total", "total", c))
    for i in req_items:
        if sum(g("requests", i, c) for c in APPLICANT_COLS) != g("requests", i, "total"):
            out.add(("requests.row_total", i, "total"))
    for i in sorted({i for s, i, c in v if s == "appeals"}):
        if sum(g("appeals", i, c) for c in APPEAL_PARTS) != g("appeals", i, "total"):
            out.add(("appeals.row_total", i, "total"))
    for (s, i, c), x in v.items():
        if x < 0 and c != "change":
            out.add(("nonnegative", i, c))
    return out


def load_truth(path):
    with open(path, encoding="utf-8") as f:
        t = json.load(f)
    blanks = {tuple(b[:3]) for b in t.get("blanks", [])}
    cells = OrderedDict()
    for s, i, c, x in t.get("cells", []):
        key = (s, i, c)
        if x is None or key in blanks:
            cells[key] = None          # expected blank
        else:
            cells[key] = Decimal(str(x))
    t["_cells"] = cells
    t["_raw_values"] = {(s, i, c): (None if x is None else Decimal(str(x)))
                        for s, i, c, x in t.get("cells", [])}
    return t


# ------------------------------------------------------------------ gai_dump side

def parse_violation(line):
    """'violation: error RULE MESSAGE' -> (severity, rule, (rule, item, col) or None)."""
    parts = line[len("violation: "):].split(" ", 2)
    if len(parts) < 3:
        return None, None, None
    sev, rule, msg = parts
    key = None
    head = msg.split(":", 1)[0]                 # 'RULE, column X' / 'RULE, row X' / 'nonnegative, I/C'
    if head.startswith(rule + ", "):
        where = head[len(rule) + 2:]
        if where.startswith("column ") and rule in COLUMN_RULE_ITEM:
            key = (rule, COLUMN_RULE_ITEM[rule], where[7:].split(",")[0].strip())
        elif where.startswith("row ") and rule != "nonnegative":
            key = (rule, where[4:].split(",")[0].strip(), "total")
        elif rule == "nonnegative" and where.startswith('row "'):
            key = (rule, None, where.rsplit("/", 1)[-1])          # a row the template lacks
        elif rule == "nonnegative" and "/" in where:
            item, col = where.split("/", 1)
            key = (rule, item, col)
    return sev, rule, key


def parse_dump(out):
    per = {}
    cur = None
    for line in out.splitlines():
        if line.startswith("== "):
            cur = {"cells": {}, "dups": [], "extra": [], "meta": {}, "warn": [], "viol": [],
                   "other_errors": [], "unparsed": [], "sections": []}
            per[line[3:]] = cur
        elif cur is None:
            continue
        elif line.startswith("cell "):
            sec, item, col, val, st, ln, raw = line[5:].split("|", 6)
            key = (sec, item, col)
            if key in cur["cells"]:
                cur["dups"].append(key)
            cur["cells"][key] = (None if val == "NULL" else Decimal(val), st, ln, raw)
        elif line.startswith("extra "):
            cur["extra"].append(line[6:])
        elif line.startswith("is_report"):
            w = line.split()
            cur["meta"]["is_report"] = w[1]
            cur["meta"]["template"] = w[3] if len(w) > 3 else "-"
            cur["meta"]["layout"] = w[5] if len(w) > 5 else "-"
        elif line.startswith(("title: ", "agency: ", "year: ")):
            k, v = line.split(": ", 1)
            cur["meta"][k] = v
        elif line.startswith("section "):
            w = line.split(" ", 5)
            cur["sections"].append((w[1], w[5].rsplit(" (", 1)[0] if len(w) > 5 else ""))
        elif line.startswith("warning: "):
            cur["warn"].append(line[9:])
        elif line.startswith("violation: "):
            sev, rule, key = parse_violation(line)
            if sev != "error":
                continue
            if rule in HARD_RULES:
                if key is None:
                    cur["unparsed"].append(line)
                else:
                    cur["viol"].append(key)
            else:
                cur["other_errors"].append(line[len("violation: error "):])
    return per


def run_dump(dump, paths):
    """gai_dump over paths, in chunks; a chunk that fails is retried file by file."""
    per = {}
    for i in range(0, len(paths), 100):
        chunk = paths[i:i + 100]
        try:
            p = subprocess.run([dump] + chunk, capture_output=True, text=True, timeout=600,
                               errors="replace")
            if p.returncode == 0:
                per.update(parse_dump(p.stdout))
                continue
        except subprocess.TimeoutExpired:
            pass
        for path in chunk:
            try:
                p = subprocess.run([dump, path], capture_output=True, text=True, timeout=120,
                                   errors="replace")
                got = parse_dump(p.stdout).get(path)
                if p.returncode != 0 or got is None:
                    per[path] = {"crash": f"gai_dump exited {p.returncode}: {p.stderr.strip()[:200]}"}
                else:
                    per[path] = got
            except subprocess.TimeoutExpired:
                per[path] = {"crash": "gai_dump took over 120 s"}
    return per


# ------------------------------------------------------------------ comparison

def check_report(t, got):
    """-> (problems, stats): stats counts cells right and rule instances."""
    st = Counter()
    problems = []
    want_cells = t["_cells"]
    st["cells"] = len(want_cells)
    st["blank_cells"] = sum(1 for x in want_cells.values() if x is None)
    want_viol = broken_instances(t["_raw_values"]) if want_cells else set()
    st["rule_instances"] = len(want_viol)
    if "crash" in got:
        return [got["crash"]], st

    # the truth file itself
    declared = set(t.get("violations") or [])
    found_rules = {r for r, _, _ in want_viol}
    if not t.get("not_a_report") and (not declared <= found_rules or bool(declared) != bool(found_rules)):
        problems.append(f"TRUTH INCONSISTENT: declares {sorted(declared)}, its cells break "
                        f"{sorted(fmt_instance(x) for x in want_viol)}")

    if t.get("not_a_report"):
        if got["meta"].get("is_report") != "0":
            problems.append(f"not a report: want is_report 0, got {got['meta'].get('is_report')} "
                            f"(template {got['meta'].get('template')})")
        if got["cells"] or got["extra"]:
            problems.append(f"not a report: want no cells, got {len(got['cells'])} template cells "
                            f"and {len(got['extra'])} extra")
        return problems, st

    for key, want in want_cells.items():
        g = got["cells"].get(key)
        sec, item, col = key
        if g is None:
            problems.append(f"{sec}/{item}/{col}: want {'blank' if want is None else want}, got absent")
            continue
        val, status, ln, raw = g
        if want is None:
            if status == "blank" and val is None:
                st["cells_right"] += 1
                st["blank_right"] += 1
            else:
                problems.append(f"{sec}/{item}/{col}: want blank, got {val} [{status}, line {ln}, raw {raw!r}]")
        elif status == "ok" and val == want:
            st["cells_right"] += 1
        else:
            problems.append(f"{sec}/{item}/{col}: want {want}, got {val} [{status}, line {ln}, raw {raw!r}]")
    for key in got["cells"]:
        if key not in want_cells:
            val, status, ln, raw = got["cells"][key]
            problems.append(f"extra cell {'/'.join(key)} = {val} [{status}, line {ln}, raw {raw!r}]")
    for key in got["dups"]:
        problems.append(f"cell {'/'.join(key)} returned twice")
    if got["extra"]:
        problems.append(f"{len(got['extra'])} cells of rows the template lacks, first: {got['extra'][0]}")

    got_viol = Counter(got["viol"])
    for x in sorted(want_viol, key=fmt_instance):
        if got_viol[x]:
            st["rules_right"] += 1
        else:
            problems.append(f"rule: missing error {fmt_instance(x)}")
    for x, n in sorted(got_viol.items(), key=lambda kv: fmt_instance(kv[0])):
        if x not in want_viol:
            problems.append(f"rule: unexpected error {fmt_instance(x)}")
        elif n > 1:
            problems.append(f"rule: error {fmt_instance(x)} reported {n} times")
    for line in got["unparsed"]:
        problems.append(f"rule: cannot read the instance of {line!r}")
    for e in got["other_errors"]:
        problems.append(f"unexpected error: {e}")

    if got["meta"].get("is_report") != "1":
        problems.append(f"is_report: want 1, got {got['meta'].get('is_report')}")
    want_agency = t.get("agency") or "-"
    if got["meta"].get("agency") != want_agency:
        problems.append(f"agency: want {want_agency} got {got['meta'].get('agency')}")
    want_year = str(t.get("year") or 0)
    if got["meta"].get("year") != want_year:
        problems.append(f"year: want {want_year} got {got['meta'].get('year')}")
    want_tpl = t.get("format") or t.get("template")
    if got["meta"].get("template") != want_tpl:
        problems.append(f"template: want {want_tpl} got {got['meta'].get('template')}")
    if "title" in t and got["meta"].get("title") != (t["title"] or "-"):
        problems.append(f"title: want {t['title']} got {got['meta'].get('title')}")
    if "sections" in t:
        secs = [code for code, _ in got["sections"] if code != "preamble"]
        if secs != t["sections"]:
            problems.append(f"sections: want {' '.join(t['sections'])} got {' '.join(secs) or '-'}")
    return problems, st


def collect(args):
    """-> [(name, input path, truth path)]"""
    items = []
    for a in args:
        if os.path.isdir(a):
            for f in sorted(os.listdir(a)):
                if not f.endswith(".json"):
                    continue
                base = os.path.join(a, f[:-5])
                for ext in INPUT_EXTS:
                    if os.path.isfile(base + ext):
                        items.append((base + ext, base + ".json"))
                        break
        elif os.path.isfile(a):
            items.append((a, os.path.splitext(a)[0] + ".json"))
        else:
            sys.exit(f"check_truth: {a}: no such file or directory")
    return items


def pct(a, b):
    return "-" if b == 0 else f"{100.0 * a / b:.1f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="DIR|FILE")
    ap.add_argument("--dump", default=None, help="the gai_dump binary (default test/tools/gai_dump)")
    ap.add_argument("--show", type=int, default=None, help="failing reports to detail (default 20, 0 with --expect-fail)")
    ap.add_argument("--expect-fail", action="store_true",
                    help="shapes not read yet: print the per-shape table, exit 0 whatever fails")
    ap.add_argument("--summary", action="store_true", help="print the per-shape table (always with --expect-fail)")
    a = ap.parse_args()
    dump = a.dump
    if dump is None:
        dump = "test/tools/gai_dump"
        if not os.path.exists(dump):
            dump = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gai_dump")
    show = a.show if a.show is not None else (0 if a.expect_fail else 20)

    items = collect(a.paths)
    per = run_dump(dump, [p for p, _ in items])
    bad_reports = bad_cells = total_cells = shown = 0
    shapes = OrderedDict()
    for path, tpath in items:
        t = load_truth(tpath)
        got = per.get(path, {"crash": "no output from gai_dump"})
        problems, st = check_report(t, got)
        shape = t.get("shape") or t.get("layout") or os.path.basename(os.path.dirname(path))
        s = shapes.setdefault(shape, Counter())
        s["reports"] += 1
        s["passed"] += not problems
        s.update(st)
        total_cells += st["cells"]
        bad_cells += st["cells"] - st["cells_right"]
        if problems:
            bad_reports += 1
            if shown < show:
                shown += 1
                kind = "not a report" if t.get("not_a_report") else f"{t.get('format')}, {shape}"
                print(f"--- {path} ({kind}): {len(problems)} problems")
                for p in problems[:12]:
                    print("   ", p)
                if len(problems) > 12:
                    print(f"    ... {len(problems) - 12} more")
                for w in got.get("warn", [])[:6]:
                    print("    warning:", w)
    if a.summary or a.expect_fail:
        print(f"{'shape':<28} {'reports':>8} {'passed':>7} {'cells right':>12} {'blanks right':>13} {'rules right':>12}")
        for shape, s in shapes.items():
            print(f"{shape:<28} {s['reports']:>8} {s['passed']:>7} "
                  f"{pct(s['cells_right'], s['cells']):>12} {pct(s['blank_right'], s['blank_cells']):>13} "
                  f"{pct(s['rules_right'], s['rule_instances']):>12}")
    print(f"reports: {len(items)}, wrong: {bad_reports}; cells: {total_cells}, wrong: {bad_cells}")
    print(f"{len(items) - bad_reports} passed, {bad_reports} failed")
    return 0 if a.expect_fail or not bad_reports else 1


if __name__ == "__main__":
    sys.exit(main())
