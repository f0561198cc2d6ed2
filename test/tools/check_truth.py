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
  ambiguous   truth with an "ambiguous" list (render_corpus.py's glued shape: the cells
              its digits do not determine under the hard rules, with their candidates,
              and "ambiguous_truth" their true values): each such cell must come back
              with status `ambiguous`, value NULL, its true value among its candidates
              (gai_dump's `candidates` line) and one `cell.ambiguous` error; the rule
              instances expected are those of the whole truth (ambiguous cells with
              their true values) whose equation touches no ambiguous cell.

With --min-right PCT (plain pdftotext, whose dropped blank cells the rules cannot always
place), a cell the truth determines but the core reports `ambiguous` (the true value among
its candidates, or none listed) or `unreadable`, value NULL, is "undetermined": not a
problem of its report, but not right either; the run fails when fewer than PCT % of the
truth's cells are right, or a cell is wrong (a value or status that is not the truth's).

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
    return set(instance_cells(cells, broken_only=True))


def instance_cells(cells, broken_only=False):
    """Every hard-rule instance over the truth's rows and columns -> the cells its equation
    touches ({(rule, item, col): set of (section, item, col)}); broken_only: those broken."""
    v = {k: (x if x is not None else Decimal(0)) for k, x in cells.items()}
    out = {}
    req_items = sorted({i for s, i, c in v if s == "requests"})
    req_cols = sorted({c for s, i, c in v if s == "requests"})
    g = lambda s, i, c: v.get((s, i, c), Decimal(0))
    outcome = [i for i in req_items if i in ("granted", "partial", "other") or
               ("." in i and i.split(".")[0] in ("denied", "unavailable", "rejected", "other"))]
    def add(key, broken, keys):
        if broken or not broken_only:
            out[key] = {k for k in keys if k in v}

    frame = ("received", "carried_in", "total", "carried_over")
    for c in req_cols:
        add(("requests.balance", None, c),
            g("requests", "received", c) + g("requests", "carried_in", c) !=
            g("requests", "total", c) + g("requests", "carried_over", c),
            [("requests", i, c) for i in frame])
        add(("requests.outcome_total", "total", c),
            sum(g("requests", i, c) for i in outcome) != g("requests", "total", c),
            [("requests", i, c) for i in outcome + ["total"]])
    for i in req_items:
        add(("requests.row_total", i, "total"),
            sum(g("requests", i, c) for c in APPLICANT_COLS) != g("requests", i, "total"),
            [("requests", i, c) for c in APPLICANT_COLS + ("total",)])
    for i in sorted({i for s, i, c in v if s == "appeals"}):
        add(("appeals.row_total", i, "total"),
            sum(g("appeals", i, c) for c in APPEAL_PARTS) != g("appeals", i, "total"),
            [("appeals", i, c) for c in APPEAL_PARTS + ("total",)])
    for (s, i, c), x in v.items():
        if c != "change":
            add(("nonnegative", i, c), x < 0, [(s, i, c)])
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
    # glued truth: the cells the text does not determine, their candidates and true values
    t["_ambiguous"] = {(s, i, c): cands for s, i, c, cands in t.get("ambiguous", [])}
    t["_full_values"] = dict(t["_raw_values"])
    for s, i, c, x in t.get("ambiguous_truth", []):
        t["_full_values"][(s, i, c)] = None if x is None else Decimal(str(x))
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
                   "other_errors": [], "unparsed": [], "sections": [], "cands": {}, "ambiguous_errors": []}
            per[line[3:]] = cur
        elif cur is None:
            continue
        elif line.startswith("cell "):
            sec, item, col, val, st, ln, raw = line[5:].split("|", 6)
            key = (sec, item, col)
            if key in cur["cells"]:
                cur["dups"].append(key)
            cur["cells"][key] = (None if val == "NULL" else Decimal(val), st, ln, raw)
        elif line.startswith("candidates "):
            sec, item, col, vals = line[11:].split("|", 3)
            cur["cands"][(sec, item, col)] = [Decimal(x) for x in vals.split(",") if x]
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
            if rule == "cell.ambiguous":
                # 'cell.ambiguous: ITEM/COL is printed in ...'
                where = line.split("cell.ambiguous: ", 2)[-1].split(" ", 1)[0]
                cur["ambiguous_errors"].append(tuple(where.split("/", 1)))
            elif rule in HARD_RULES:
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

def check_report(t, got, tolerate_ambiguous=False):
    """-> (problems, stats): stats counts cells right and rule instances.

    tolerate_ambiguous: a cell the truth determines, reported ambiguous with its true value
    among the candidates, is counted "undetermined" (not right, not a problem)."""
    st = Counter()
    problems = []
    want_cells = t["_cells"]
    amb = t.get("_ambiguous", {})
    full = t.get("_full_values", t["_raw_values"])
    st["cells"] = len(want_cells)
    st["blank_cells"] = sum(1 for x in want_cells.values() if x is None)
    st["ambiguous_cells"] = len(amb)
    if "crash" in got:
        want_viol = broken_instances(full) if want_cells else set()
        st["rule_instances"] = len(want_viol)
        return [got["crash"]], st
    cands = got.get("cands", {})
    undetermined = set()
    unread = set()
    if tolerate_ambiguous:
        for key, want in want_cells.items():
            g = got["cells"].get(key)
            truev = full.get(key) if full.get(key) is not None else Decimal(0)
            if g is not None and g[1] == "ambiguous" and g[0] is None and \
                    (truev in cands.get(key, []) or not cands.get(key)):
                undetermined.add(key)
            elif g is not None and g[1] == "unreadable" and g[0] is None:
                undetermined.add(key)
                unread.add(key)
    st["undetermined"] = len(undetermined)
    # instances whose equation touches a cell the text does not determine are not evaluated
    unknown = set(amb) | undetermined
    want_viol = {x for x, keys in instance_cells(full, broken_only=True).items() if not keys & unknown} \
        if want_cells else set()
    st["rule_instances"] = len(want_viol)

    # the truth file itself
    declared = set(t.get("violations") or [])
    found_rules = {r for r, _, _ in broken_instances(full)}
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
        if key in undetermined:
            continue
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
    for key, want_c in amb.items():
        g = got["cells"].get(key)
        sec, item, col = key
        truev = full.get(key) if full.get(key) is not None else Decimal(0)
        if g is None:
            problems.append(f"{sec}/{item}/{col}: want ambiguous (true {truev}), got absent")
        elif g[1] != "ambiguous" or g[0] is not None:
            problems.append(f"{sec}/{item}/{col}: want ambiguous (candidates {want_c}), got {g[0]} "
                            f"[{g[1]}, line {g[2]}, raw {g[3]!r}]")
        elif cands.get(key) and truev not in cands[key]:
            problems.append(f"{sec}/{item}/{col}: ambiguous, but its candidates {[str(x) for x in cands[key]]} "
                            f"lack the true value {truev}")
        else:
            st["ambiguous_right"] += 1
    want_amb_err = Counter((item, col) for _, item, col in unknown - unread)
    # a cell not read has its cell.unreadable error
    unread_errors = {f"cell.unreadable: {item}/{col} is" for _, item, col in unread}
    got["other_errors"] = [e for e in got["other_errors"]
                           if not any(e.startswith("cell.unreadable " + u) for u in unread_errors)]
    got_amb_err = Counter(got.get("ambiguous_errors", []))
    for x in sorted(set(want_amb_err) | set(got_amb_err)):
        if want_amb_err[x] != got_amb_err[x]:
            problems.append(f"cell.ambiguous {x[0]}/{x[1]}: want {want_amb_err[x]} error(s), got {got_amb_err[x]}")
    for key in got["cells"]:
        if key not in want_cells and key not in amb:
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
    ap.add_argument("--min-right", type=float, default=None, metavar="PCT",
                    help="cells reported ambiguous with their true value among the candidates are undetermined, "
                         "not problems; fail when under PCT %% of the cells are right or a cell is wrong")
    a = ap.parse_args()
    dump = a.dump
    if dump is None:
        dump = "test/tools/gai_dump"
        if not os.path.exists(dump):
            dump = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gai_dump")
    show = a.show if a.show is not None else (0 if a.expect_fail else 20)

    items = collect(a.paths)
    per = run_dump(dump, [p for p, _ in items])
    bad_reports = bad_cells = total_cells = shown = undetermined = 0
    shapes = OrderedDict()
    for path, tpath in items:
        t = load_truth(tpath)
        got = per.get(path, {"crash": "no output from gai_dump"})
        problems, st = check_report(t, got, tolerate_ambiguous=a.min_right is not None)
        shape = t.get("shape") or t.get("layout") or os.path.basename(os.path.dirname(path))
        s = shapes.setdefault(shape, Counter())
        s["reports"] += 1
        s["passed"] += not problems
        s.update(st)
        total_cells += st["cells"]
        bad_cells += st["cells"] - st["cells_right"] - st["undetermined"]
        undetermined += st["undetermined"]
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
        print(f"{'shape':<28} {'reports':>8} {'passed':>7} {'cells right':>12} {'blanks right':>13} {'rules right':>12}"
              f" {'ambiguous right':>16}")
        for shape, s in shapes.items():
            print(f"{shape:<28} {s['reports']:>8} {s['passed']:>7} "
                  f"{pct(s['cells_right'], s['cells']):>12} {pct(s['blank_right'], s['blank_cells']):>13} "
                  f"{pct(s['rules_right'], s['rule_instances']):>12} "
                  f"{pct(s['ambiguous_right'], s['ambiguous_cells']):>16}")
    print(f"reports: {len(items)}, wrong: {bad_reports}; cells: {total_cells}, wrong: {bad_cells}"
          + (f", undetermined: {undetermined}" if a.min_right is not None else ""))
    short = False
    if a.min_right is not None:
        right = total_cells - bad_cells - undetermined
        share = 100.0 * right / total_cells if total_cells else 100.0
        short = share < a.min_right or bad_cells > 0
        print(f"cells right: {right} of {total_cells} ({share:.2f}%, at least {a.min_right:g}% wanted), "
              f"wrong: {bad_cells}" + (" -- FAIL" if short else ""))
    print(f"{len(items) - bad_reports} passed, {bad_reports} failed")
    return 0 if a.expect_fail or (not bad_reports and not short) else 1


if __name__ == "__main__":
    sys.exit(main())
