#!/usr/bin/env python3
"""`gaireport check --json` against the truth of the fixtures and against gai_dump.

  check_json.py --cli ./gaireport-cli --dump test/tools/gai_dump
                [--truth DIR|FILE]... [--same DIR|FILE]...

--truth: inputs with a NAME.json truth beside them (test/fixtures/noisy, html, glued,
         docx ...): check's reading (cells, blanks, ambiguous cells with their candidates,
         the broken hard-rule instances, other errors, agency, year, template) must be
         what test/tools/check_truth.py asks of the core's reading, and, for inputs the
         core reads directly (text, web pages), equal to gai_dump's reading.
--no-wrong: inputs with truth in shapes not read in full (PDF word boxes): no cell check
         gives a value or blank is other than the truth (test/tools/check_no_wrong.py).
--same:  inputs without truth, or whose shape the core does not read in full
         (seeds, layout text): check's reading must equal gai_dump's, cell by cell
         (value, status, line, raw text, candidates), violation by violation.

Also, for every file: the output is one JSON document (python's json), every violation
has a sentence (message) and the hard rules' sentences are in the template's words with
the cells they concern.  Exits 1 on any difference.  Stdlib only.
"""
import argparse, json, os, subprocess, sys
from collections import Counter
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import check_truth  # noqa: E402

INPUTS = (".txt", ".html", ".htm", ".md", ".docx", ".pdf")
DIRECT = (".txt", ".html", ".htm", ".md")      # the core reads these bytes as they are


def collect(paths, need_truth):
    out = []
    for a in paths:
        if os.path.isdir(a):
            for f in sorted(os.listdir(a)):
                p = os.path.join(a, f)
                base, ext = os.path.splitext(p)
                if ext in INPUTS and os.path.isfile(p) and (not need_truth or os.path.isfile(base + ".json")):
                    out.append(p)
        else:
            out.append(a)
    return out


def run_check(cli, paths):
    """check --json over paths in chunks -> {path: file object}"""
    per = {}
    for i in range(0, len(paths), 50):
        chunk = paths[i:i + 50]
        p = subprocess.run([cli, "check", "--json"] + chunk, capture_output=True, timeout=600)
        if p.returncode not in (0, 1):
            sys.exit(f"check --json exited {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
        try:
            doc = json.loads(p.stdout.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            sys.exit(f"check --json on {chunk[0]}...: not one JSON document: {e}")
        if not isinstance(doc, list) or len(doc) != len(chunk):
            sys.exit(f"check --json: want an array of {len(chunk)} objects, got {type(doc).__name__} "
                     f"of {len(doc) if isinstance(doc, list) else '?'}")
        want_rc = 1 if any(not d["ok"] for d in doc) else 0
        if p.returncode != want_rc:
            sys.exit(f"check --json {chunk[0]}...: exit {p.returncode}, files say {want_rc}")
        # files come sorted by name, as `gaireport load` takes them
        for d in doc:
            if d["file"] not in chunk or d["file"] in per:
                sys.exit(f"check --json: file {d['file']!r} not asked for, or twice")
            per[d["file"]] = d
    return per


def to_got(d):
    """A file object of check --json as check_truth.parse_dump reads gai_dump's output."""
    got = {"cells": {}, "dups": [], "extra": [], "meta": {}, "warn": [], "viol": [],
           "other_errors": [], "unparsed": [], "sections": [], "cands": {}, "ambiguous_errors": []}
    if not d.get("readable"):
        return {"crash": f"not read: {d.get('error')}"}
    for c in d["cells"]:
        key = (c["section"], c["item"], c["col"])
        if key in got["cells"]:
            got["dups"].append(key)
        val = None if c["value"] is None else Decimal(str(c["value"]))
        got["cells"][key] = (val, c["status"], str(c["line"]), c["raw"] if c["raw"] is not None else "")
        if c["status"] == "ambiguous":
            got["cands"][key] = [Decimal(str(x)) for x in c.get("candidates", [])]
    for c in d["extra_cells"]:
        got["extra"].append(f"{c['section']}|{c['item_label']}|{c['col']}")
    m = got["meta"]
    m["is_report"] = "1" if d["is_report"] else "0"
    m["template"] = d["template"] or "-"
    m["layout"] = d["layout"] or "-"
    m["title"] = d["title"] or "-"
    m["agency"] = d["agency"] or "-"
    m["year"] = str(d["year"] or 0)
    for s in d["sections"]:
        got["sections"].append((s["section"], s["heading"] or "-"))
    got["warn"] = [w["text"] for w in d["warnings"]]
    for v in d["violations"]:
        if v["severity"] != "error":
            continue
        if v["rule"] == "cell.ambiguous":
            got["ambiguous_errors"].append((v["item"], v["col"]))
        elif v["rule"] in check_truth.HARD_RULES:
            got["viol"].append((v["rule"], v["item"], v["col"]))
        else:
            got["other_errors"].append(v["rule"] + " " + v["core_message"])
    return got


def json_problems(d):
    """What every file object must hold, whatever the input."""
    out = []
    if not d.get("readable"):
        return out if d.get("error") else ["not read, and no error given"]
    codes = {c["code"] for c in d["cells"]}
    for v in d["violations"]:
        if not v.get("message"):
            out.append(f"violation {v['rule']} without a sentence")
        if v["rule"] in check_truth.HARD_RULES + ("cell.unreadable", "cell.ambiguous", "cell.missing"):
            if v["rule"] != "nonnegative" or v["item"] is not None:
                if not v["message"].startswith("第"):
                    out.append(f"{v['rule']} {v['item']}/{v['col']}: sentence not in the template's words: "
                               f"{v['message']!r}")
                if not v["cells"] or v["printed_cells"] < 1:
                    out.append(f"{v['rule']} {v['item']}/{v['col']}: no cells named")
        for c in v["cells"]:
            if c not in codes and v["rule"] != "cell.missing":
                out.append(f"{v['rule']}: names cell {c}, which the file lacks")
        if v["rule"] in ("requests.outcome_total", "requests.row_total", "appeals.row_total") and \
                "分项之和" not in v["message"]:
            out.append(f"{v['rule']}: sentence without the sum of the parts: {v['message']!r}")
    return out


def same_problems(a, b):
    """check's reading (a) against gai_dump's (b), both as parse_dump gives them."""
    out = []
    if "crash" in a or "crash" in b:
        return [f"check: {a.get('crash', 'read')}, gai_dump: {b.get('crash', 'read')}"]
    for key in sorted(set(a["cells"]) | set(b["cells"])):
        if a["cells"].get(key) != b["cells"].get(key):
            out.append(f"cell {'/'.join(key)}: check {a['cells'].get(key)}, gai_dump {b['cells'].get(key)}")
    if a["cands"] != b["cands"]:
        out.append(f"candidates differ: check {a['cands']}, gai_dump {b['cands']}")
    if len(a["extra"]) != len(b["extra"]):
        out.append(f"extra cells: check {len(a['extra'])}, gai_dump {len(b['extra'])}")
    for k in ("is_report", "template", "layout", "title", "agency", "year"):
        if a["meta"].get(k) != b["meta"].get(k):
            out.append(f"{k}: check {a['meta'].get(k)!r}, gai_dump {b['meta'].get(k)!r}")
    if Counter(a["viol"]) != Counter(b["viol"]):
        out.append(f"rule violations: check {sorted(a['viol'], key=str)}, gai_dump {sorted(b['viol'], key=str)}")
    if sorted(a["other_errors"]) != sorted(b["other_errors"]):
        out.append(f"other errors: check {a['other_errors']}, gai_dump {b['other_errors']}")
    if Counter(a["ambiguous_errors"]) != Counter(b["ambiguous_errors"]):
        out.append(f"cell.ambiguous: check {a['ambiguous_errors']}, gai_dump {b['ambiguous_errors']}")
    if a["warn"] != b["warn"]:
        out.append(f"warnings: check {a['warn']}, gai_dump {b['warn']}")
    if [s for s, _ in a["sections"]] != [s for s, _ in b["sections"]]:
        out.append(f"sections: check {a['sections']}, gai_dump {b['sections']}")
    return out


def no_wrong_problems(p, got):
    """cells given a value or blank that the truth does not have"""
    if "crash" in got:
        return [got["crash"]]
    t = check_truth.load_truth(os.path.splitext(p)[0] + ".json")
    out = []
    for key, want in t["_cells"].items():
        g = got["cells"].get(key)
        if g is None or g[1] not in ("ok", "blank"):
            continue
        if (g[1] == "blank") != (want is None) or (want is not None and g[0] != want):
            out.append(f"{'/'.join(key)}: want {'blank' if want is None else want}, got {g[0]} [{g[1]}]")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default="./gaireport-cli")
    ap.add_argument("--dump", default="test/tools/gai_dump")
    ap.add_argument("--truth", action="append", default=[])
    ap.add_argument("--same", action="append", default=[])
    ap.add_argument("--no-wrong", action="append", default=[])
    a = ap.parse_args()

    truth_paths = collect(a.truth, True)
    same_paths = collect(a.same, False)
    nowrong_paths = collect(a.no_wrong, True)
    paths = list(dict.fromkeys(truth_paths + same_paths + nowrong_paths))
    per = run_check(a.cli, paths)
    direct = [p for p in paths if os.path.splitext(p)[1] in DIRECT and per[p].get("encoding") == "UTF-8"]
    dumped = check_truth.run_dump(a.dump, direct)

    failed = 0
    compared = Counter()
    for p in paths:
        d = per[p]
        problems = json_problems(d)
        got = to_got(d)
        if p in dumped:
            problems += same_problems(got, dumped[p])
            compared["gai_dump"] += 1
        elif p in same_paths:
            problems.append("not compared with gai_dump (a converted or non-UTF-8 input named with --same)")
        if p in truth_paths:
            t = check_truth.load_truth(os.path.splitext(p)[0] + ".json")
            got.setdefault("meta", {})
            tp, _ = check_truth.check_report(t, got)
            problems += ["truth: " + x for x in tp]
            compared["truth"] += 1
        if p in nowrong_paths:
            problems += ["wrong: " + x for x in no_wrong_problems(p, got)]
            compared["no wrong"] += 1
        if problems:
            failed += 1
            if failed <= 10:
                print(f"FAIL {p}")
                for x in problems[:12]:
                    print(f"  {x}")
    print(f"check --json: {len(paths)} files, {compared['truth']} against their truth, "
          f"{compared['no wrong']} with no cell wrong, "
          f"{compared['gai_dump']} against gai_dump; {len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
