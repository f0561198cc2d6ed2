"""Helpers of make_pipe_fixtures.py and make_variant_fixtures.py: a generated report's truth,
its tables as rows of cell texts (the template's layout, as gen_reports.py prints it), and the
narrative around them.  Deterministic; stdlib only."""
import os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_reports  # noqa: E402
from gaispec import (APPLICANT_COLS, REQ_ITEMS_2019, REQ_ITEMS_2021, REQ_GROUP_LABELS,  # noqa: E402
                     APPEAL_ITEMS, APPEAL_COLS, ACTIVE_2019, ACTIVE_2021)

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
REQ_COLS = [c for c, _ in APPLICANT_COLS]


def generated(seed, fmt, bad_rate=0.0, want=None, limit=500):
    """The first report of `gen_reports.py --seed SEED --format FMT --bad-rate B` (in its stream of
    reports 0, 1, ...) for which want(truth) holds; -> (k, truth)."""
    r = random.Random(seed)
    for k in range(limit):
        _, truth = gen_reports.one(r, fmt, "cells", "seed", bad_rate)
        if want is None or want(truth):
            truth["template"] = truth["format"]
            return k, truth
    raise SystemExit(f"no report of seed {seed} fits")


def cellmap(truth):
    return {(s, i, c): v for s, i, c, v in truth["cells"]}


def value_text(v, col, item, r=None):
    """A value as a report prints it: integral amounts without '.0', 元 on some amounts."""
    if isinstance(v, float) and v == int(v):
        v = int(v)
    s = str(v)
    if r is not None and item == "procurement" and col == "amount" and v and r.random() < 0.5:
        s += "元"
    return s


def req_items(fmt, other_one_row=False):
    items = list(REQ_ITEMS_2019 if fmt == "2019" else REQ_ITEMS_2021)
    if other_one_row:
        k = next(i for i, (c, _, _) in enumerate(items) if c.startswith("other."))
        items = [x for x in items if not x[0].startswith("other.")]
        items.insert(k, ("other", "（六）其他处理", 1))
    return items


def merge_other(truth):
    """2021 truth with （六）其他处理 printed as one row: `other` = Σ other.* per column."""
    cells = cellmap(truth)
    out = []
    for (s, i, c), v in sorted(cells.items()):
        if i.startswith("other.") and s == "requests":
            continue
        out.append([s, i, c, v])
    for c in REQ_COLS:
        out.append(["requests", "other", c, sum(cells[("requests", i, c)] for i in
                                                  ("other.overdue_correction", "other.overdue_fee", "other.other"))])
    truth = dict(truth)
    truth["cells"] = sorted(out, key=lambda x: (x[0], x[1], x[2]))
    return truth


def tables(truth, text_of, labels=None, other_one_row=False, glue_groups=False):
    """The three tables as lists of rows of cell texts ('' = an empty or merged cell), laid out
    as gen_reports.py's cell-per-line export lays them out.  text_of(key, value) -> the cell's
    text.  labels: {template label: printed label} (typos, numbering); glue_groups: the group
    label and its first sub-row's label in one cell."""
    fmt = truth["format"]
    cells = cellmap(truth)
    lab = lambda s: (labels or {}).get(s, s)
    active = []
    for art, bcols, bitems in (ACTIVE_2019 if fmt == "2019" else ACTIVE_2021):
        rows = [[art], ["信息内容"] + [lab(l) for _, l in bcols]]
        for item, label in bitems:
            rows.append([lab(label)] + [text_of(("active", item, col), cells[("active", item, col)]) for col, _ in bcols])
        active.append(rows)
    req = [[NOTE, "申请人情况"], ["", "自然人", "法人或其他组织", "总计"],
           ["", ""] + [l for _, l in APPLICANT_COLS[1:6]] + [""]]
    done = set()
    for item, label, level in req_items(fmt, other_one_row):
        vals = [text_of(("requests", item, c), cells[("requests", item, c)]) for c in REQ_COLS]
        prefix = ["三、本年度办理结果"] if item == "granted" else []
        grp = item.split(".")[0] if "." in item else None
        label = lab(label)
        if grp and grp not in done:
            done.add(grp)
            g = lab(REQ_GROUP_LABELS[grp])
            prefix = (prefix or [""]) + ([] if glue_groups else [g])
            if glue_groups:
                label = g + label
        elif level >= 1 and not prefix:
            prefix = [""] if level == 1 else ["", ""]
        req.append(prefix + [label] + vals)
    appeals = [["行政复议", "行政诉讼"], [l for _, l in APPEAL_COLS] + ["未经复议直接起诉", "复议后起诉"],
               ["", "", "", "", ""] + [l for _, l in APPEAL_COLS] * 2,
               [text_of(("appeals", i, c), cells[("appeals", i, c)]) for i, _ in APPEAL_ITEMS for c, _ in APPEAL_COLS]]
    return active, req, appeals


def title_of(truth):
    return f"{truth['agency']}{truth['year']}年度政府信息公开工作年度报告"


def head_lines(truth):
    y, a = truth["year"], truth["agency"]
    return [title_of(truth), "",
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
            "一、总体情况",
            f"{y}年，{a}坚持以“公开为常态、不公开为例外”的原则，推进政府信息公开工作。"]


def tail_lines(truth, problems_title="存在的主要问题及改进情况", sign_day=(1, 20)):
    y, a = truth["year"], truth["agency"]
    return [f"五、{problems_title}",
            f"{y}年，政务公开工作取得了一定成效，但也存在一些不足：一是公开内容不够全面；二是队伍建设有待加强。",
            "六、其他需要报告的事项", "无。", "",
            " " * 20 + a, " " * 20 + f"{y + 1}年{sign_day[0]}月{sign_day[1]}日"]


def cells_text(rows):
    """Word -> text: one cell a line led by a TAB, an empty line after each row."""
    out = []
    for row in rows:
        for c in row:
            parts = c.split("\n")
            out.append("\t" + parts[0])
            out.extend(parts[1:])
        out.append("")
    return out


def rows_text(rows):
    """pdftotext -layout-like: one row a line, cells apart by two spaces."""
    return ["  ".join(row).rstrip() for row in rows]


def report_lines(truth, fmt_table, active, req, appeals, appeals_heading="四、政府信息公开行政复议、行政诉讼情况",
                 problems_title="存在的主要问题及改进情况", between=None):
    """The whole report: narrative lines around the tables, each table as fmt_table(rows) lines.
    between(name) may give lines to put after a table ('active0', 'requests', 'appeals')."""
    lines = head_lines(truth)
    lines.append("二、主动公开政府信息情况")
    for t in active:
        lines += fmt_table(t)
    lines.append("三、收到和处理政府信息公开申请情况")
    lines += fmt_table(req)
    lines.append(appeals_heading)
    lines += fmt_table(appeals)
    lines += tail_lines(truth, problems_title)
    return "\n".join(lines) + "\n"


def choose_blanks(truth, rate, seed, exclude=lambda key: False):
    """Zero cells to print blank: each zero cell with probability rate (deterministic)."""
    r = random.Random(seed)
    return sorted(list(k) for k in sorted(cellmap(truth)) if cellmap(truth)[k] == 0
                  and not exclude(k) and r.random() < rate)


def truth_json(truth, shape, layout, blanks, derived_from, **extra):
    t = {"agency": truth["agency"], "year": truth["year"], "format": truth["format"],
         "template": truth["format"], "layout": layout, "shape": shape,
         "cells": truth["cells"], "blanks": blanks, "violations": truth["violations"],
         "title": title_of(truth)}
    t.update(extra)
    t["derived_from"] = derived_from
    return t
