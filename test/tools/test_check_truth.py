#!/usr/bin/env python3
"""Unit tests of check_truth.py's comparison, on hand-made gai_dump output (no gai_dump needed).

  python3 test/tools/test_check_truth.py
"""
import os, sys, unittest
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_truth as C  # noqa: E402

COLS = list(C.APPLICANT_COLS) + ["total"]


def truth(cells, blanks=(), violations=(), **kw):
    t = {"agency": "某市某局", "year": 2021, "format": "2021", "layout": "cells",
         "cells": [list(c) for c in cells], "blanks": [list(b) for b in blanks], "violations": list(violations)}
    t.update(kw)
    t["_cells"], t["_raw_values"] = {}, {}
    blank = {tuple(b) for b in blanks}
    for s, i, c, v in cells:
        t["_cells"][(s, i, c)] = None if v is None or (s, i, c) in blank else Decimal(str(v))
        t["_raw_values"][(s, i, c)] = None if v is None else Decimal(str(v))
    return t


def dump(cells, violations=(), is_report=1, extra=(), sections=None):
    """cells: [(section, item, col, value or None, status)]"""
    out = ["== f.txt", f"is_report: {is_report} template: {'2021' if is_report else '-'} layout: cells",
           "title: -", "agency: 某市某局" if is_report else "agency: -", f"year: {2021 if is_report else 0}"]
    for s, i, c, v, st in cells:
        out.append(f"cell {s}|{i}|{c}|{'NULL' if v is None else v}|{st}|7|{'' if v is None else v}")
    for e in extra:
        out.append("extra " + e)
    for code in sections or []:
        out.append(f"section {code} line 3 heading 一、总体情况 (10 bytes)")
    out += ["violation: " + v for v in violations]
    return C.parse_dump("\n".join(out))["f.txt"]


def appeals(total=3, parts=(1, 1, 1, 0)):
    return [("appeals", "review", c, v) for c, v in zip(C.APPEAL_PARTS, parts)] + \
        [("appeals", "review", "total", total)]


class CheckReport(unittest.TestCase):
    def test_all_right(self):
        cells = appeals()
        p, st = C.check_report(truth(cells), dump([c + ("ok",) for c in cells]))
        self.assertEqual(p, [])
        self.assertEqual(st["cells_right"], 5)

    def test_wrong_value_and_absent_cell(self):
        cells = appeals()
        got = [c + ("ok",) for c in cells[:-1]]
        got[0] = ("appeals", "review", "upheld", 2, "ok")
        p, _ = C.check_report(truth(cells), dump(got))
        self.assertTrue(any("upheld: want 1, got 2" in x for x in p), p)
        self.assertTrue(any("review/total: want 3, got absent" in x for x in p), p)

    def test_blank_needs_status_blank(self):
        cells = appeals(parts=(1, 1, 1, 0))
        t = truth(cells, blanks=[("appeals", "review", "pending")])
        ok = [c + ("ok",) for c in cells[:3]] + [("appeals", "review", "pending", None, "blank"),
                                                   cells[4] + ("ok",)]
        self.assertEqual(C.check_report(t, dump(ok))[0], [])
        zero = [c + ("ok",) for c in cells]                      # 0 read where a blank is printed
        self.assertTrue(any("want blank" in x for x in C.check_report(t, dump(zero))[0]))
        unread = ok[:3] + [("appeals", "review", "pending", None, "unreadable")] + ok[4:]
        self.assertTrue(any("want blank" in x for x in C.check_report(t, dump(unread))[0]))
        # a truth value null (noisy fixtures) means blank too
        t2 = truth(cells[:3] + [("appeals", "review", "pending", None)] + cells[4:])
        self.assertEqual(C.check_report(t2, dump(ok))[0], [])

    def test_rules_exact_instances(self):
        cells = appeals(total=4)                                   # 1+1+1+0 != 4
        t = truth(cells, violations=["appeals.row_total"])
        line = ("error appeals.row_total appeals.row_total, row review: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"
                " — expected 3, found 4")
        got = [c + ("ok",) for c in cells]
        self.assertEqual(C.check_report(t, dump(got, [line]))[0], [])
        self.assertTrue(any("missing error appeals.row_total review/total" in x
                            for x in C.check_report(t, dump(got))[0]))
        self.assertTrue(any("reported 2 times" in x for x in C.check_report(t, dump(got, [line, line]))[0]))
        other = "error cell.missing cell.missing: review/upheld not found"
        self.assertTrue(any("unexpected error: cell.missing" in x for x in C.check_report(t, dump(got, [line, other]))[0]))
        warn = "warning active.published active.published, row regulation: x — expected 1, found 0"
        self.assertEqual(C.check_report(t, dump(got, [line, warn]))[0], [])

    def test_violation_lines_parsed(self):
        self.assertEqual(C.parse_violation("violation: error requests.balance requests.balance, column total: a — b")[2],
                         ("requests.balance", None, "total"))
        self.assertEqual(C.parse_violation("violation: error requests.outcome_total requests.outcome_total, "
                                           "column research: x")[2], ("requests.outcome_total", "total", "research"))
        self.assertEqual(C.parse_violation("violation: error requests.row_total requests.row_total, row "
                                           "denied.third_party: x")[2], ("requests.row_total", "denied.third_party", "total"))
        self.assertEqual(C.parse_violation("violation: error nonnegative nonnegative, license/decisions: a count")[2],
                         ("nonnegative", "license", "decisions"))

    def test_recomputed_instances(self):
        cells = {}
        for i in ("received", "carried_in", "granted", "other", "total", "carried_over"):
            for c in COLS:
                cells[("requests", i, c)] = Decimal(0)
        for i in ("received", "granted", "total"):                 # 2 received, 2 granted
            cells[("requests", i, "natural_person")] = Decimal(2)
            cells[("requests", i, "total")] = Decimal(2)
        self.assertEqual(C.broken_instances(cells), set())
        cells[("requests", "other", "natural_person")] = Decimal(1)   # `other` (one-row （六）) counts
        self.assertEqual(C.broken_instances(cells), {("requests.outcome_total", "total", "natural_person"),
                                                     ("requests.row_total", "other", "total")})
        cells[("requests", "other", "natural_person")] = None          # blank = 0
        cells[("active", "fee", "change")] = Decimal(-2)               # change may be negative
        cells[("active", "license", "decisions")] = Decimal(-1)
        self.assertEqual(C.broken_instances(cells), {("nonnegative", "license", "decisions")})

    def test_inconsistent_truth(self):
        cells = appeals()
        p, _ = C.check_report(truth(cells, violations=["requests.balance"]), dump([c + ("ok",) for c in cells]))
        self.assertTrue(any(x.startswith("TRUTH INCONSISTENT") for x in p), p)

    def test_not_a_report(self):
        t = truth([], not_a_report=True, agency=None, year=None, format=None)
        self.assertEqual(C.check_report(t, dump([], is_report=0))[0], [])
        p, _ = C.check_report(t, dump([("appeals", "review", "total", 1, "ok")], is_report=1))
        self.assertEqual(len(p), 2, p)

    def test_extra_rows_metadata_sections(self):
        cells = appeals()
        got = [c + ("ok",) for c in cells]
        p, _ = C.check_report(truth(cells), dump(got, extra=["requests|(六)其他处理|natural_person|0|ok|285"]))
        self.assertTrue(any("rows the template lacks" in x for x in p), p)
        p, _ = C.check_report(truth(cells, agency="别的局", title="T"), dump(got))
        self.assertTrue(any(x.startswith("agency:") for x in p) and any(x.startswith("title:") for x in p), p)
        t = truth(cells, sections=["overview", "problems"])
        self.assertEqual(C.check_report(t, dump(got, sections=["preamble", "overview", "problems"]))[0], [])
        self.assertTrue(C.check_report(t, dump(got, sections=["overview"]))[0])


if __name__ == "__main__":
    unittest.main()
