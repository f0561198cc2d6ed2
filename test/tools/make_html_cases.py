#!/usr/bin/env python3
"""Write the HTML corner-case fixtures of test/fixtures/html_cases/ (NAME.html or NAME.txt
+ NAME.json), each derived from a report whose truth is known, then verify them.

  make_html_cases.py [--out test/fixtures/html_cases] [--verify-only]

Sources (deterministic):
  * render_corpus.py's reports for `--seed 7 --format mix --blank-rate 0.5 --bad-rate 0.3`
    (report k has the numbers of `gen_reports.py --seed 7 --format mix --bad-rate 0.3`
    report k): their document model (title, paragraphs, tables as grids of origin cells,
    each value cell tagged with its (section, item, col)) is written out again as HTML in
    the shape each case tests, with the narrative trimmed;
  * gen_reports.py's text reports (`--seed 11`) for the crawler pages (.txt).

Truth (NAME.json), the rendered fixtures' format: agency, year, format = template,
layout, shape ("html/NAME" or "crawler/NAME"), cells [[section,item,col,value]...] (blank
cells have value 0), blanks [[section,item,col]...], violations (the rule(s) the
deliberate error was made for), title (the report's title, lines joined), case (what it
tests) and derived_from; not_a_report: true for a page without a report.

Verification: when html5lib is importable (Debian python3-html5lib; run this with
/usr/bin/python3), every .html fixture is parsed as a browser does (the WHATWG parsing
algorithm: implied <tbody>/<tr>, optional end tags, comments), its tables are laid out by
the HTML table model implemented here (rowspan/colspan, rowspan=0 to the end of the row
group, colspan clamped to 1000), and every truth cell is looked up at the grid slot the
case put it in: its text must be the truth value (or blank for a cell in "blanks"). The
page inside a JavaScript string is decoded first, the entity-escaped page is unescaped
first. A page that is not a report must hold no table with a template label.
"""
import argparse, html, json, os, random, re, sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_reports  # noqa: E402
import render_corpus as rc  # noqa: E402

RENDER_SEED, RENDER_ARGS = 7, dict(fmt="mix", blank_rate=0.5, bad_rate=0.3)
CRAWL_SEED = 11
SOURCE = f"render_corpus.py --seed {RENDER_SEED} --format mix --blank-rate 0.5 --bad-rate 0.3"

# ================================================================ sources


def rendered(k):
    """render_corpus's report k (its document model) and truth, as its generate() makes them."""
    r = random.Random(RENDER_SEED)
    for j in range(k + 1):
        _, truth = gen_reports.one(r, RENDER_ARGS["fmt"], "cells", "seed", RENDER_ARGS["bad_rate"])
    truth["template"] = truth["format"]
    rr = random.Random(f"render_corpus:{RENDER_SEED}:{k}")
    rep = rc.build_report(rr, truth, RENDER_ARGS["blank_rate"])
    return rep, truth


def title_of(rep):
    return next(t for k, t in rep.blocks if k == "title")


def truth_json(rep, truth, name, case, k, title=True):
    t = {"agency": truth["agency"], "year": truth["year"], "format": truth["format"],
         "template": truth["format"], "layout": "html", "shape": "html/" + name,
         "cells": truth["cells"], "blanks": rc.blanks_of(rep), "violations": truth["violations"]}
    if title:
        t["title"] = title_of(rep).replace("\n", "")
    t["case"] = case
    t["derived_from"] = f"{SOURCE}, report {k} (html_style {rep.html_style}, blank_mode {rep.blank_mode})"
    return t


# ================================================================ writing a report as HTML

def esc(s):
    return html.escape(s, quote=False)


def trimmed_blocks(rep):
    """title, the preamble, each heading with at most its first paragraph (cut after its first
    sentence), the tables, the signature."""
    out, seen_p, after_h1 = [], False, False
    for kind, *rest in rep.blocks:
        if kind in ("title", "h1", "table", "sign"):
            out.append((kind, rest[0]))
            after_h1 = kind == "h1"
        elif kind == "p" and (not seen_p or after_h1):
            text = rest[0]
            if seen_p and "。" in text[20:-1]:
                text = text[:text.index("。", 20) + 1]
            out.append(("p", text))
            seen_p, after_h1 = True, False
    return out


class Doc:
    """Collects a page's report tables and where each truth cell sits in them."""

    def __init__(self):
        self.ntables = 0          # innermost tables so far, in document order
        self.slots = []           # (table index, row, col, key, text)
        self.extra_tables = []    # indexes of tables that are not report tables

    def table(self, t, cell_html, attrs=None, open_tag='<table border="1" cellspacing="0" cellpadding="3">',
              groups=None, first_no_tr=None, end_tags=True, sep="\n"):
        """Serialize a render_corpus Table. cell_html(r, col, cell) -> inner html;
        attrs(r, col, cell) -> attribute string (default: the spans);
        groups: [(tag, first row, end row)] row groups (default: none written);
        first_no_tr: None, "table" (a <td> right after <table>) or "tbody" (right after <tbody>);
        end_tags: False leaves out every </td> and </tr>."""
        grid = t.grid()
        idx = self.ntables
        self.ntables += 1
        for r, origins in enumerate(grid):
            for col, c in origins:
                if c.key:
                    self.slots.append((idx, r, col, list(c.key), c.text))
        if attrs is None:
            attrs = lambda r, col, c: (f' rowspan="{c.rs}"' if c.rs > 1 else "") + \
                (f' colspan="{c.cs}"' if c.cs > 1 else "")
        if groups is None:
            groups = [(None, 0, len(grid))]
        out = [open_tag]
        for tag, a, b in groups:
            if tag:
                out.append(f"<{tag}>")
            for r in range(a, b):
                cells = "".join(f"<td{attrs(r, col, c)}>{cell_html(r, col, c)}" + ("</td>" if end_tags else "")
                                for col, c in grid[r])
                if r == 0 and first_no_tr:
                    out.append(cells)
                else:
                    out.append("<tr>" + cells + ("</tr>" if end_tags else ""))
            if tag:
                out.append(f"</{tag}>")
        out.append("</table>")
        if first_no_tr == "table":
            assert groups == [(None, 0, len(grid))]
        elif first_no_tr == "tbody":
            assert groups[0][0] == "tbody" and groups[0][1] == 0
        return sep.join(out)

    def extra(self, table_html):
        self.extra_tables.append(self.ntables)
        self.ntables += table_html.count("<table")
        return table_html


def plain_cell(r, col, c):
    if c.blank == "nbsp":
        return "&nbsp;"
    return "<br>".join(esc(x) for x in c.text.split("\n"))


def paras(blocks, table_fn, para_fn=None):
    """The report's HTML: table_fn(Table) for each table, para_fn(kind, text) for the rest."""
    def default_para(kind, text):
        if kind == "title":
            return '<p style="text-align:center"><strong>' + "<br>".join(esc(x) for x in text.split("\n")) + "</strong></p>"
        if kind == "h1":
            return f'<p style="text-indent:2em"><strong>{esc(text)}</strong></p>'
        if kind == "sign":
            return "\n".join(f'<p style="text-align:right">{esc(x)}</p>' for x in text)
        return f'<p style="text-indent:2em">{esc(text)}</p>'
    para_fn = para_fn or default_para
    return "\n".join(table_fn(b) if k == "table" else para_fn(k, b) for k, b in blocks)


def city_of(agency):
    return rc.chrome_city(agency)


def site_chrome(agency, title, content, head_extra="", charset='<meta charset="utf-8">'):
    city = city_of(agency)
    nav = "".join(f'<li><a href="/{i}/">{n.format(city=city)}</a></li>' for i, n in enumerate(rc.SITE_NAV))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset}
<title>{esc(title)}_{esc(city)}人民政府门户网站</title>
{head_extra}<script>var _hmt = _hmt || [];</script>
</head>
<body>
<div class="header"><img src="/images/logo.png" alt="{esc(city)}人民政府门户网站"><ul class="nav">{nav}</ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
<div class="article">
<h1>{esc(title)}</h1>
<div class="info">发布时间：2022-01-26 09:30　来源：{esc(agency)}</div>
{content}
</div>
<div class="footer"><p>主办：{esc(city)}人民政府办公室　地址：{esc(city)}人民路1号　邮编：519000　电话：0756-2123456</p></div>
<script src="/js/stat.js"></script>
</body>
</html>
"""


# ================================================================ the cases

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


@case
def js_string():
    k = 5
    rep, truth = rendered(k)
    doc = Doc()
    content = paras(trimmed_blocks(rep), lambda t: doc.table(
        t, plain_cell, open_tag='<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse" align="center">'))
    lit = json.dumps(content, ensure_ascii=False)[1:-1]   # \" \n \\ escapes, nothing else
    assert '\\"' in lit and "\\n" in lit
    title = title_of(rep).replace("\n", "")
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<script src="/js/jquery.min.js"></script>
</head>
<body>
<div id="app"></div>
<script>
let content = "{lit}";
document.getElementById("app").innerHTML = content;
</script>
</body>
</html>
"""
    return ("js_string", page, truth_json(rep, truth, "js_string",
            "the whole report inside a JavaScript string (let content = \"<table…\", \\\" and \\n escapes); "
            "the body holds only an empty <div> and the script", k), doc, "js")


WORD_HEAD = """<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>admin</o:Author>
  <o:Pages>6</o:Pages>
 </o:DocumentProperties>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:SpellingState>Clean</w:SpellingState>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{mso-style-unhide:no;margin:0cm;text-align:justify;text-justify:inter-ideograph;
	font-size:10.5pt;font-family:"Times New Roman",serif;}
@page WordSection1 {size:595.3pt 841.9pt;margin:72.0pt 90.0pt 72.0pt 90.0pt;}
div.WordSection1 {page:WordSection1;}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable {mso-style-name:普通表格;font-size:10.5pt;font-family:"Times New Roman",serif;}
</style>
<![endif]-->
"""


@case
def word_export():
    k = 2
    rep, truth = rendered(k)
    doc = Doc()
    r_split = random.Random("word_export")
    FONT_CN = "font-size:10.5pt;font-family:宋体"
    FONT_N = "font-family:\"Times New Roman\""

    def runs(text, font, lang):
        """Word splits a text into runs (spell check, revisions): nested spans."""
        if len(text) >= 2 and r_split.random() < 0.25:
            k = r_split.randint(1, len(text) - 1)
            return (f"<span{lang} style='{font}'>{esc(text[:k])}</span>"
                    f"<span{lang} style='{font}'><span style='mso-spacerun:yes'></span>{esc(text[k:])}</span>")
        return f"<span{lang} style='{font}'>{esc(text)}</span>"

    def cell(r, col, c):
        al = "center" if (c.key or c.head or c.align == "center") else "left"
        p = f"<p class=MsoNormal align={al} style='text-align:{al}'>"
        if c.blank == "nbsp":
            return p + "<span lang=EN-US style='font-size:10.5pt'><o:p>&nbsp;</o:p></span></p>"
        if c.key:     # nested spans: the run inside the paragraph's character style
            return p + "<span style='font-size:10.5pt'>" + runs(c.text, FONT_N, " lang=EN-US") + "<o:p></o:p></span></p>"
        if c.text.startswith("二、上年结转"):   # Word wraps its source between two Han characters
            return p + f"<span style='{FONT_CN}'>{esc(c.text[:8])}\n{esc(c.text[8:])}</span><span lang=EN-US><o:p></o:p></span></p>"
        parts = c.text.split("\n")
        return p + "<br>".join(runs(x, FONT_CN, "") for x in parts) + "<span lang=EN-US><o:p></o:p></span></p>"

    def attrs(r, col, c):
        return (f" colspan={c.cs}" if c.cs > 1 else "") + (f" rowspan={c.rs}" if c.rs > 1 else "") + \
            " valign=middle style='border:solid windowtext 1.0pt'"

    def table(t):
        body = doc.table(t, cell, attrs, open_tag="<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\n"
                         " style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>")
        tail = " <![if !supportMisalignedColumns]>\n <tr height=0>" + "".join(
            "<td style='border:none'></td>" for _ in t.cols) + "</tr>\n <![endif]>\n</table>"
        return body[:-len("</table>")] + tail + "\n</div>"

    def para(kind, text):
        if kind == "title":
            return ("<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt'><b><span style='font-size:22.0pt;"
                    "font-family:方正小标宋简体'>" + "<br>".join(esc(x) for x in text.split("\n")) +
                    "<span lang=EN-US><o:p></o:p></span></span></b></p>")
        if kind == "sign":
            return "\n".join(f"<p class=MsoNormal align=right style='text-align:right'><span style='font-size:16.0pt;"
                             f"font-family:仿宋_GB2312'>{esc(x)}<span lang=EN-US><o:p></o:p></span></span></p>" for x in text)
        font = "黑体" if kind == "h1" else "仿宋_GB2312"
        return (f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'>"
                f"<!--[if !supportLists]--><span style='font-size:16.0pt;font-family:{font}'>{esc(text)}</span>"
                f"<!--[endif]--><span lang=EN-US style='font-size:16.0pt'><o:p></o:p></span></p>")

    content = paras(trimmed_blocks(rep), table, para)
    content = rc.word_wrap_source(content, 0.25)
    title = title_of(rep).replace("\n", "")
    page = f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
{WORD_HEAD}<title>{esc(title)}</title>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

{content}

<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>

</div>

</body>

</html>
"""
    return ("word_export", page, truth_json(rep, truth, "word_export",
            "Word-exported HTML: <p class=MsoNormal><span lang=EN-US style='…'> inside cells, a cell's text split over "
            "nested spans (runs), <o:p></o:p> and <o:p>&nbsp;</o:p> (blank), <!--[if gte mso 9]>…<![endif]--> and "
            "<![if !supportMisalignedColumns]> conditional comments with a zero-height row of empty cells, "
            "source lines wrapped inside text (a newline between two Han characters)", k), doc, None)


@case
def rowspan_zero():
    k = 17
    rep, truth = rendered(k)
    doc = Doc()

    def table(t):
        if t.role != "requests":
            return doc.table(t, plain_cell)
        n = len(t.rows)

        def attrs(r, col, c):
            rs = ' rowspan="0"' if c.text.startswith("三、本年度办理结果") else (f' rowspan="{c.rs}"' if c.rs > 1 else "")
            return rs + (f' colspan="{c.cs}"' if c.cs > 1 else "")
        # the outcome rows (（一）予以公开 … （七）总计) end the first tbody: rowspan=0 spans to there
        return doc.table(t, plain_cell, attrs, groups=[("thead", 0, 3), ("tbody", 3, n - 1), ("tbody", n - 1, n)])
    content = paras(trimmed_blocks(rep), table)
    title = title_of(rep).replace("\n", "")
    page = site_chrome(rep.agency, title, content)
    assert page.count('rowspan="0"') == 1
    return ("rowspan_zero", page, truth_json(rep, truth, "rowspan_zero",
            "the vertical label 三、本年度办理结果 written rowspan=\"0\": it spans to the end of its row group "
            "(<thead> header rows, a <tbody> from 一、本年新收 to （七）总计, a second <tbody> for 四、结转下年度继续办理)", k), doc, None)


@case
def colspan_overflow():
    k = 7
    rep, truth = rendered(k)
    doc = Doc()
    OVER = {"第二十条": "10", "申请人情况": "9", "行政诉讼": "9999"}

    def attrs(r, col, c):
        cs = next((v for p, v in OVER.items() if c.text.startswith(p) and c.cs > 1), str(c.cs) if c.cs > 1 else None)
        return (f' rowspan="{c.rs}"' if c.rs > 1 else "") + (f' colspan="{cs}"' if cs else "")
    content = paras(trimmed_blocks(rep), lambda t: doc.table(t, plain_cell, attrs))
    title = title_of(rep).replace("\n", "")
    page = site_chrome(rep.agency, title, content)
    return ("colspan_overflow", page, truth_json(rep, truth, "colspan_overflow",
            "colspans running past the table's width, each on the last cell of its row: 第二十条第（…）项 colspan=10 "
            "in 4-column tables, 申请人情况 colspan=9 (7 columns left), 行政诉讼 colspan=9999 (over the HTML limit of "
            "1000; 10 columns left)", k), doc, None)


@case
def no_tr():
    k = 12
    rep, truth = rendered(k)
    doc = Doc()
    seen = []

    def table(t):
        seen.append(t.role)
        if t.role == "active":
            return doc.table(t, plain_cell, first_no_tr="table")
        if t.role == "requests":
            return doc.table(t, plain_cell, groups=[("tbody", 0, len(t.rows))], first_no_tr="tbody")
        return doc.table(t, plain_cell, end_tags=False)
    content = paras(trimmed_blocks(rep), table)
    title = title_of(rep).replace("\n", "")
    page = site_chrome(rep.agency, title, content)
    assert "<table" in page and re.search(r"<table[^>]*>\n<td", page) and re.search(r"<tbody>\n<td", page)
    return ("no_tr", page, truth_json(rep, truth, "no_tr",
            "cells with no <tr>: the first row of the active table is <td>s right after <table>, that of the "
            "requests table right after <tbody> (a browser puts them into an implied <tbody><tr>); the appeals table "
            "leaves out every </td> and </tr> (optional end tags)", k), doc, None)


@case
def br_p_cells():
    k = 1
    rep, truth = rendered(k)
    doc = Doc()
    BLANKS = ["<p>&nbsp;</p>", "<p><br></p>", "<p></p>", "&nbsp;", "", "<p><span>&nbsp;</span></p>"]
    nblank = [0]

    def wrap(text, width):
        parts = [text[i:i + width] for i in range(0, len(text), width)]
        return parts

    def cell(r, col, c):
        if c.key:
            if c.blank == "nbsp":
                nblank[0] += 1
                return BLANKS[nblank[0] % len(BLANKS)]
            return f"<p>{esc(c.text)}</p>"
        text = c.text.replace("\n", "")
        if text.startswith("三、本年度办理结果"):
            return "".join(f"<p>{esc(ch)}</p>" for ch in text)          # vertical: one character a line
        if text.startswith("（二）部分公开"):
            return "（二）部分公开（区分处理的，<br>只计这一情形，<br/>不计其他情形）"
        if len(text) >= 9 and not text.startswith("（本列"):
            return "".join(f"<p>{esc(p)}</p>" for p in wrap(text, 8))
        if "\n" in c.text:
            return "<br>".join(esc(x) for x in c.text.split("\n"))
        if len(text) >= 5 and c.head:
            return f"<p>{esc(text[:2])}</p><p>{esc(text[2:])}</p>"
        return esc(text)
    content = paras(trimmed_blocks(rep), lambda t: doc.table(t, cell))
    assert nblank[0] > 20
    title = title_of(rep).replace("\n", "")
    page = site_chrome(rep.agency, title, content)
    return ("br_p_cells", page, truth_json(rep, truth, "br_p_cells",
            "labels wrapped over lines inside their cells: several <p> (一、本年新收政府 / 信息公开申请数量), <br> and <br/> "
            "((二)部分公开…), the vertical label one character per <p>, header labels split in two <p>; blank value "
            "cells written <p>&nbsp;</p>, <p><br></p>, <p></p>, &nbsp;, empty, <p><span>&nbsp;</span></p>; "
            "values as <p>12</p>", k), doc, None)


@case
def entity_escaped():
    k = 16
    rep, truth = rendered(k)
    doc = Doc()
    inner = paras(trimmed_blocks(rep), lambda t: doc.table(t, plain_cell, open_tag='<table border="1" cellspacing="0">'))
    title = title_of(rep).replace("\n", "")
    content = f'<div class="TRS_Editor">{esc(inner)}</div>'
    page = site_chrome(rep.agency, title, content)
    assert "&lt;table" in page
    return ("entity_escaped", page, truth_json(rep, truth, "entity_escaped",
            "the report's HTML escaped once more by the CMS: &lt;table border=\"1\"&gt;&lt;tr&gt;&lt;td&gt;… shown as "
            "text inside a <div> (a browser shows the markup; unescaped once it is the report)", k), doc, "entities")


@case
def gbk_meta():
    k = 21
    rep, truth = rendered(k)
    doc = Doc()

    def cell(r, col, c):
        t = plain_cell(r, col, c)
        return f'<p align="center">{t}</p>' if c.key else f"<p>{t}</p>"
    content = paras(trimmed_blocks(rep), lambda t: doc.table(
        t, cell, open_tag='<table align="center" border="1" cellspacing="1">', groups=[("tbody", 0, len(t.rows))]))
    title = title_of(rep).replace("\n", "")
    charset = ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">\n<meta charset="gb2312">')
    page = site_chrome(rep.agency, title, content, charset=charset)
    return ("gbk_meta", page, truth_json(rep, truth, "gbk_meta",
            "a page declaring GBK (<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\"> and "
            "<meta charset=\"gb2312\">) while the file is UTF-8: never re-decode by the meta", k), doc, None)


@case
def nested_layout():
    k = 23
    rep, truth = rendered(k)
    doc = Doc()
    agency = rep.agency
    city = city_of(agency)
    nav = doc.extra('<table class="sidenav" width="100%" cellspacing="0">' + "".join(
        f'<tr><td><a href="/zwgk/{i}/">{n}</a></td></tr>' for i, n in
        enumerate(["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"])) + "</table>")
    content = paras(trimmed_blocks(rep), lambda t: doc.table(t, plain_cell, open_tag='<table border="1" cellspacing="0" width="100%">'))
    title = title_of(rep).replace("\n", "")
    page = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}</title>
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="layout">
<tr><td colspan="2" class="top"><img src="/images/banner.jpg" alt="{esc(city)}人民政府"> <a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></td></tr>
<tr><td colspan="2" class="location">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/zwgk/">政务公开</a> &gt;&gt; 政府信息公开年报</td></tr>
<tr>
<td width="200" valign="top" class="left">{nav}</td>
<td width="800" valign="top" class="main">
{content}
</td>
</tr>
<tr><td colspan="2" class="footer">版权所有：{esc(city)}人民政府　地址：{esc(city)}府前路8号　电话：0751-8881234</td></tr>
</table>
</body>
</html>
"""
    return ("nested_layout", page, truth_json(rep, truth, "nested_layout",
            "the report's tables nested in a cell of the page's layout table, beside a side menu that is a table of "
            "links itself", k), doc, None)


@case
def extra_tables():
    k = 25
    rep, truth = rendered(k)
    doc = Doc()
    agency = rep.agency
    blocks = trimmed_blocks(rep)
    stats = doc.extra(
        '<table border="1" cellspacing="0"><tr><td>类别</td><td>条数</td><td>占比</td></tr>'
        '<tr><td>机构职能</td><td>12</td><td>4.1%</td></tr><tr><td>政策文件</td><td>86</td><td>29.5%</td></tr>'
        '<tr><td>财政资金</td><td>34</td><td>11.6%</td></tr><tr><td>其他</td><td>160</td><td>54.8%</td></tr>'
        '<tr><td>合计</td><td>292</td><td>100%</td></tr></table>')
    phones = '<table border="1" cellspacing="0"><tr><td>科室</td><td>联系电话</td><td>办公地址</td></tr>' \
        '<tr><td>办公室</td><td>0663-8221234</td><td>行政中心3楼301</td></tr>' \
        '<tr><td>政务公开科</td><td>0663-8225678</td><td>行政中心3楼305</td></tr>' \
        '<tr><td>法规科</td><td>0663-8229012</td><td>行政中心4楼402</td></tr></table>'
    parts = []
    for kind, b in blocks:
        if kind == "table":
            parts.append(doc.table(b, plain_cell))
        elif kind == "h1" and b.startswith("二、"):
            parts.append('<p style="text-indent:2em">全年主动公开政府信息分类统计如下：</p>')
            parts.append(stats)
            parts.append(f'<p style="text-indent:2em"><strong>{esc(b)}</strong></p>')
        elif kind == "sign":
            parts.append('<p style="text-indent:2em">本机关政府信息公开工作联系方式：</p>')
            parts.append(doc.extra(phones))
            parts.append(paras([(kind, b)], None))
        else:
            parts.append(paras([(kind, b)], None))
    title = title_of(rep).replace("\n", "")
    page = site_chrome(agency, title, "\n".join(parts))
    return ("extra_tables", page, truth_json(rep, truth, "extra_tables",
            "two tables that are not template tables besides the report's: a statistics table of numbers under "
            "一、总体情况 (类别 / 条数 / 占比) and a table of contact phone numbers before the signature; only the "
            "report's cells are truth", k), doc, None)


@case
def chrome_only():
    agency = "中山市市场监督管理局"
    city = city_of(agency)
    items = "".join(
        f'<li><a href="/zwgk/nb/t{y + 1}0125_{100 + i}.html" title="{agency}{y}年政府信息公开工作年度报告">'
        f'{agency}{y}年政府信息公开工作年度报告</a><span class="date">{y + 1}-01-25</span></li>'
        for i, y in enumerate(range(2023, 2017, -1)))
    footer = ('<table class="foot" width="100%"><tr><td>主办单位：' + esc(agency) + '</td><td>地址：' + esc(city) +
              '东区兴中道12号</td></tr><tr><td>联系电话：0760-88321234</td><td>邮编：528403</td></tr></table>')
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>政府信息公开年报_{esc(agency)}</title>
<script>
var _hmt = _hmt || [];
(function() {{ var hm = document.createElement("script"); hm.src = "/js/stat.js"; document.body.appendChild(hm); }})();
</script>
</head>
<body>
<div class="top">欢迎访问{esc(city)}人民政府门户网站 <a href="#">无障碍</a> | <a href="#">长者模式</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="list"><h2>政府信息公开年报</h2>
<ul>{items}</ul>
<div class="page">共6条　首页　上一页　1　下一页　尾页</div>
</div>
<div class="footer">{footer}<p>网站标识码：4420000001　粤ICP备05071234号</p></div>
<script src="/js/footer.js"></script>
</body>
</html>
"""
    truth = {"agency": None, "year": None, "format": None, "template": None, "layout": "html",
             "shape": "html/chrome_only", "cells": [], "blanks": [], "violations": [], "not_a_report": True,
             "case": "a page of chrome only (menus, breadcrumb, a list of links to annual reports, a footer table with "
                     "an address and a phone number, scripts) and no report table: not a report",
             "derived_from": "written by hand in make_html_cases.py"}
    return ("chrome_only", page, truth, None, None)


# ---------------------------------------------------------------- crawler pages (text)

def crawled(layout, want_title_line):
    """The first gen_reports --seed CRAWL_SEED report of this layout whose text does (not) start
    with its title line."""
    r = random.Random(CRAWL_SEED)
    for k in range(200):
        body, truth = gen_reports.one(r, "mix", layout, "seed", 0.3)
        first = body.split("\n", 1)[0]
        title = f"{truth['agency']}{truth['year']}年度政府信息公开工作年度报告"
        if truth["layout"] == layout and (first == title) == want_title_line and (want_title_line or first == ""):
            return k, body, truth, title
    raise SystemExit("no such report")


def crawler_case(name, layout, want_title_line, what):
    k, body, truth, title = crawled(layout, want_title_line)
    head = (f"标题: {title}\n发布时间: {truth['year'] + 1}-02-0{k % 9 + 1} 10:3{k % 10}:00\n"
            f"发布机构: {truth['agency']}\n==== 正文 ====\n")
    t = {"agency": truth["agency"], "year": truth["year"], "format": truth["format"], "template": truth["format"],
         "layout": truth["layout"], "shape": "crawler/" + name, "cells": truth["cells"], "blanks": [],
         "violations": truth["violations"], "title": title, "case": what,
         "derived_from": f"gen_reports.py --seed {CRAWL_SEED} --format mix --layout {layout} --bad-rate 0.3 "
                         f"(report {k} of that layout's stream), text prefixed with the crawler's header lines"}
    return (name, head + body, t, None, None)


@case
def crawler_cells():
    return crawler_case("crawler_cells", "cells", True,
                        "a page saved by a crawler as text: header lines 标题: / 发布时间: / 发布机构: / ==== 正文 ==== "
                        "before a cell-per-line report that starts with its own title line; agency and title are the "
                        "report's, never '标题:…'")


@case
def crawler_rows():
    return crawler_case("crawler_rows", "rows", False,
                        "a crawler text (标题: / 发布时间: / 发布机构: / ==== 正文 ====) before a row-per-line report "
                        "with no title line of its own: the title is only in the 标题: line, the agency in 发布机构: "
                        "and the signature")


# ================================================================ verification (html5lib)

def verify(out, results):
    try:
        import html5lib
    except ImportError:
        print("make_html_cases: html5lib not importable (Debian python3-html5lib, /usr/bin/python3): not verified")
        return True
    ok = True
    for name, ext, truth, doc, wrapper in results:
        if ext != ".html":
            continue
        with open(os.path.join(out, name + ext), encoding="utf-8") as f:
            page = f.read()
        problems = verify_page(html5lib, page, truth, doc, wrapper)
        if problems:
            ok = False
            print(f"{name}: {len(problems)} problems")
            for p in problems[:10]:
                print("   ", p)
        else:
            n = len(truth["cells"])
            print(f"verified {name}: {n} truth cells at their grid slots" if n else
                  f"verified {name}: no table with a template label")
    return ok


def verify_page(html5lib, page, truth, doc, wrapper):
    parse = lambda s: html5lib.parse(s, treebuilder="etree", namespaceHTMLElements=False)
    root = parse(page)
    if wrapper == "js":
        script = next(s.text for s in root.iter("script") if s.text and "let content" in s.text)
        m = re.search(r'let content = "((?:[^"\\]|\\.)*)";', script)
        root = parse(json.loads('"' + m.group(1) + '"'))
    elif wrapper == "entities":
        div = next(d for d in root.iter("div") if d.get("class") == "TRS_Editor")
        root = parse("".join(div.itertext()))
    tables = [t for t in root.iter("table") if not any(True for _ in t.iter("table") if _ is not t)]
    problems = []
    if truth.get("not_a_report"):
        for t in root.iter("table"):
            txt = "".join(t.itertext())
            for lab in ("本年新收", "予以公开", "行政复议", "规章", "行政许可", "申请人情况"):
                if lab in txt:
                    problems.append(f"a table holds the template label {lab}")
        return problems
    if doc.ntables != len(tables):
        problems.append(f"{len(tables)} innermost tables, the case wrote {doc.ntables}")
    grids = [table_grid(t) for t in tables]
    blanks = {tuple(b) for b in truth["blanks"]}
    values = {(s, i, c): v for s, i, c, v in truth["cells"]}
    placed = set()
    for ti, r, col, key, text in doc.slots:
        key = tuple(key)
        placed.add(key)
        if ti >= len(grids):
            problems.append(f"{key}: table {ti} missing")
            continue
        got = grids[ti].get((col, r))
        if got is None:
            problems.append(f"{key}: no cell at table {ti} row {r} col {col}")
            continue
        text, x0, y0 = got
        if (x0, y0) != (col, r):
            problems.append(f"{key}: slot {col},{r} of table {ti} belongs to the cell at {x0},{y0} ({text!r})")
            continue
        v = cell_value(text)
        if key in blanks:
            if v is not None:
                problems.append(f"{key}: want blank, the page has {text!r}")
        elif v is None or v != Decimal(str(values[key])):
            problems.append(f"{key}: want {values[key]}, the page has {text!r}")
    if placed != set(values):
        problems.append(f"truth cells never placed: {sorted(set(values) - placed)[:5]}")
    return problems


def cell_value(text):
    """A value cell's text as a browser shows it -> Decimal, None (blank) or "?" (a space inside)."""
    s = re.sub(r"[\s\u00a0\u3000]+", " ", text).strip(" ")
    if " " in s:
        return "?"
    if s in ("", "—", "/", "-", "无"):
        return None
    if s.endswith("元"):
        s = s[:-1]
    return Decimal(s.lstrip("+"))


def html_int(v, default):
    """The HTML rules for parsing non-negative integers (leading digits; junk after is ignored)."""
    m = re.match(r"[\t\n\f\r ]*\+?(\d+)", v or "")
    return int(m.group(1)) if m else default


def table_grid(table):
    """The HTML table model (WHATWG 'forming a table'): {(x, y): (text, x0, y0)}."""
    slots = {}
    height = 0

    def groups():
        for child in table:
            if child.tag in ("thead", "tbody", "tfoot"):
                yield [tr for tr in child if tr.tag == "tr"]
            elif child.tag == "tr":
                yield [child]
    for rows in groups():
        growing = []
        for tr in rows:
            y = height
            height += 1
            for text, x0, y0, cs in growing:     # rowspan=0: grows down row by row to the group's end
                for dx in range(cs):
                    slots.setdefault((x0 + dx, y), (text, x0, y0))
            x = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (x, y) in slots:
                    x += 1
                cs = html_int(td.get("colspan"), 1)
                cs = 1 if cs == 0 else min(cs, 1000)
                rs = html_int(td.get("rowspan"), 1)
                grow = rs == 0
                rs = 1 if grow else min(rs, 65534)
                text = "".join(td.itertext())
                for dy in range(rs):
                    for dx in range(cs):
                        slots.setdefault((x + dx, y + dy), (text, x, y))
                if grow:
                    growing.append((text, x, y, cs))
                x += cs
        height = max([height] + [yy + 1 for (_, yy) in slots])
    return slots


# ================================================================ main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "fixtures", "html_cases"))
    ap.add_argument("--verify-only", action="store_true", help="verify the files in --out, write nothing")
    a = ap.parse_args()
    out = os.path.normpath(a.out)
    os.makedirs(out, exist_ok=True)
    results = []
    for fn in CASES:
        name, text, truth, doc, wrapper = fn()
        ext = ".txt" if truth["shape"].startswith("crawler/") else ".html"
        if not a.verify_only:
            with open(os.path.join(out, name + ext), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
                json.dump(truth, f, ensure_ascii=False)
        results.append((name, ext, truth, doc, wrapper))
    if not a.verify_only:
        print(f"make_html_cases: {len(results)} cases -> {out}")
    return 0 if verify(out, results) else 1


if __name__ == "__main__":
    sys.exit(main())
