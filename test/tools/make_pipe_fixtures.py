#!/usr/bin/env python3
"""Write the pipe / markdown table fixtures of test/fixtures/pipe/ (NAME.txt + NAME.json).

  make_pipe_fixtures.py [--out test/fixtures/pipe]

Numbers and truth come from the vendored generator (gen_reports.py, the seeds below); the
text is written here, deterministically (same bytes on every run):

  pipe_basic        a web page converted to text (html2text-like): each table row a pipe row
                    `| 规章 | 0 | 0 | 5 |`, a `|---|---|` separator after each table's first
                    row, merged cells dropped, blank zero cells as empty cells between pipes.
  pipe_page_break   pipe rows without the leading pipe (`规章 | 0 | 0 | 5 |`); the requests
                    table cut in two by a page footer `- 5 -` and a running header line (the
                    report's title), its second piece starting a new table (its first row, then
                    a separator); blank cells as empty cells.
  markdown_shredded markdown made from a PDF by a converter: `#`/`##` headings, every table a
                    full grid (a merged cell's other slots empty), header labels broken over two
                    header rows (`本年新` / `制作数量`), the requests table's header lost and
                    replaced by placeholders `数据1 … 数据6` (+ `总计`), a long label wrapped into a
                    row of its own whose value cells are all empty, blank cells empty. The
                    truth is still determined: columns keep their place in every row.

Truth (NAME.json): agency, year, format = template, layout (pipe | markdown), shape,
cells [[section,item,col,value]...] (blank cells have value 0 and are listed in blanks),
blanks, violations (the rule the deliberate error was made for), title, derived_from.
After writing, each fixture is read back by a small reader of its own shape here and
compared with the truth (a check of this script, not of the project's parser).
"""
import argparse, json, os, random, re, sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixture_text as F  # noqa: E402

BLANK = None


def text_of_for(blanks, r):
    bl = {tuple(b) for b in blanks}
    return lambda key, v: BLANK if key in bl else F.value_text(v, key[2], key[1], r)


# ---------------------------------------------------------------- pipe rows (html2text)

def pipe_table(rows, lead=True):
    out = []
    for n, row in enumerate(rows):
        cells = ["" if c is BLANK else c for c in row if c is BLANK or c != ""]
        out.append(("| " if lead else "") + " | ".join(cells) + " |")
        if n == 0:
            out.append(("|" if lead else "") + "---|" * len(cells))
    return out + [""]


def pipe_basic():
    k, truth = F.generated(21, "2021", 0.0)
    blanks = F.choose_blanks(truth, 0.35, "pipe_basic")
    r = random.Random("pipe_basic")
    active, req, appeals = F.tables(truth, text_of_for(blanks, r))
    body = F.report_lines(truth, lambda t: [""] + pipe_table(t), active, req, appeals)
    return body, F.truth_json(truth, "pipe/basic", "pipe", blanks,
                              f"gen_reports.py --seed 21 --format 2021 --bad-rate 0, report {k}")


def pipe_page_break():
    k, truth = F.generated(23, "2019", 1.0, want=lambda t: t["violations"] == ["requests.row_total"])
    # no blank in a row's first value cell: without the leading pipe it would start the line
    blanks = F.choose_blanks(truth, 0.3, "pipe_page_break",
                             exclude=lambda key: key == ("appeals", "review", "upheld"))
    r = random.Random("pipe_page_break")
    active, req, appeals = F.tables(truth, text_of_for(blanks, r))
    cut = next(i for i, row in enumerate(req) if any(c == "4.保护第三方合法权益" for c in row if c)) + 1

    def fmt(t):
        if t is not req:
            return [""] + pipe_table(t, lead=False)
        first = pipe_table(t[:cut], lead=False)[:-1]
        second = pipe_table(t[cut:], lead=False)
        return [""] + first + ["", "- 5 -", "", F.title_of(truth), ""] + second
    body = F.report_lines(truth, fmt, active, req, appeals)
    return body, F.truth_json(truth, "pipe/page_break", "pipe", blanks,
                              f"gen_reports.py --seed 23 --format 2019 --bad-rate 1.0, the first report whose "
                              f"deliberate error is requests.row_total (report {k})")


# ---------------------------------------------------------------- markdown from a PDF converter

def md_row(cells):
    return "| " + " | ".join("" if c is BLANK else c for c in cells) + " |"


def md_table(grid):
    out = [md_row(grid[0]), "|" + "---|" * len(grid[0])]
    return out + [md_row(row) for row in grid[1:]] + [""]


def halves(label):
    k = (len(label) + 1) // 2
    return label[:k], label[k:]


def markdown_shredded():
    k, truth = F.generated(25, "2021", 1.0, want=lambda t: t["violations"] == ["appeals.row_total"] and
                           F.cellmap(t)[("requests", "received", "total")] >= 30)
    # the wrapped （二） row keeps its values: its tail's row of empty cells stays told apart
    blanks = F.choose_blanks(truth, 0.25, "markdown_shredded", exclude=lambda key: key[1] == "partial")
    r = random.Random("markdown_shredded")
    active, req, appeals = F.tables(truth, text_of_for(blanks, r))
    out = ["# " + F.title_of(truth), ""] + F.head_lines(truth)[2:3] + ["", "## " + F.head_lines(truth)[3], "",
                                                                       F.head_lines(truth)[4], "",
                                                                       "## 二、主动公开政府信息情况", ""]
    for t in active:
        ncol = len(t[1])
        heads = t[1][1:]
        grid = [[t[0][0]] + [""] * (ncol - 1),                       # 第二十条第（一）项, merged over the row
                ["信息内容"] + [halves(h)[0] for h in heads],          # header labels broken in two rows
                [""] + [halves(h)[1] for h in heads]] + t[2:]
        out += md_table(grid)
    out += ["## 三、收到和处理政府信息公开申请情况", ""]
    grid = [["项目", "", ""] + [f"数据{i}" for i in range(1, 7)] + ["总计"]]
    for row in req[3:]:
        labels, vals = row[:-7], row[-7:]
        labels = labels + [""] * (3 - len(labels))
        if labels[1].startswith("（二）部分公开"):
            a, b = labels[1][:16], labels[1][16:]           # wrapped: its tail a row of its own
            grid.append([labels[0], a, labels[2]] + vals)
            grid.append(["", b, ""] + [""] * 7)
            continue
        grid.append(labels + vals)
    out += md_table(grid)
    out += ["## 四、政府信息公开行政复议、行政诉讼情况", ""]
    grid = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
            appeals[1][:5] + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
            appeals[2],
            appeals[3]]
    out += md_table(grid)
    tail = F.tail_lines(truth)
    out += ["## " + tail[0], "", tail[1], "", "## " + tail[2], "", tail[3], ""] + [x.strip() for x in tail[5:]]
    body = "\n".join(out) + "\n"
    return body, F.truth_json(truth, "markdown/shredded", "markdown", blanks,
                              f"gen_reports.py --seed 25 --format 2021 --bad-rate 1.0, the first report whose "
                              f"deliberate error is appeals.row_total and that received at least 30 requests (report {k})")


# ---------------------------------------------------------------- self-check

def read_back(body, truth, name):
    """Read the fixture's tables back by position and compare with the truth (script check)."""
    cells = {(s, i, c): v for s, i, c, v in truth["cells"]}
    blanks = {tuple(b) for b in truth["blanks"]}
    fmt = truth["format"]
    lines = [l for l in body.split("\n") if "|" in l and not re.fullmatch(r"\|?(---\|)+", l)]
    rows = [[c.strip() for c in re.sub(r"^\|", "", re.sub(r"\|$", "", l.rstrip())).split("|")] for l in lines]
    got = {}
    label_of = {lab: item for item, lab, _ in F.req_items(fmt)}
    active_of = {lab: (item, [c for c, _ in bcols])
                 for _, bcols, bitems in (F.ACTIVE_2019 if fmt == "2019" else F.ACTIVE_2021) for item, lab in bitems}
    num = re.compile(r"[\d.+\-]+元?")
    for row in rows:
        labs = [c for c in row if c and not num.fullmatch(c)]
        lab = labs[-1] if labs else ""
        item = label_of.get(lab) or ("partial" if lab.startswith("（二）部分公开") else None)
        if item and len(row) >= 7:
            for c, t in zip(F.REQ_COLS, row[-7:]):
                got[("requests", item, c)] = t
        elif lab in active_of:
            item, cols = active_of[lab]
            for c, t in zip(cols, row[-len(cols):]):
                got[("active", item, c)] = t
        elif len(row) == 15 and not labs:
            keys = [("appeals", i, c) for i, _ in F.APPEAL_ITEMS for c, _ in F.APPEAL_COLS]
            got.update(zip(keys, row))
    bad = []
    for key, v in cells.items():
        t = got.get(key)
        want = "" if key in blanks else F.value_text(v, key[2], key[1])
        if t is None or t.replace("元", "") != want:
            bad.append(f"{key}: want {want!r} got {t!r}")
    if bad:
        raise SystemExit(f"{name}: the fixture does not hold its truth: {bad[:5]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "fixtures", "pipe"))
    a = ap.parse_args()
    out = os.path.normpath(a.out)
    os.makedirs(out, exist_ok=True)
    for name, fn in (("pipe_basic", pipe_basic), ("pipe_page_break", pipe_page_break),
                     ("markdown_shredded", markdown_shredded)):
        body, truth = fn()
        read_back(body, truth, name)
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8", newline="") as f:
            f.write(body)
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False)
        print(f"{name}: {truth['format']} template, {len(truth['cells'])} cells, {len(truth['blanks'])} blank, "
              f"violations {truth['violations']}")


if __name__ == "__main__":
    main()
