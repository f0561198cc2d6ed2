#!/usr/bin/env python3
"""Write the template-variant fixtures of test/fixtures/variants/ (NAME.txt + NAME.json): the
variants of the template seen in real reports (shared/spec/template.md, "Variants of the template
seen in real reports"), in the cell-per-line (Word -> text) and row-per-line (pdftotext -layout)
shapes of gen_reports.py.

  make_variant_fixtures.py [--out test/fixtures/variants]

Numbers and truth come from the vendored generator (gen_reports.py, the seeds below); the text is
written here (test/tools/fixture_text.py), deterministically.  Truth (NAME.json): agency, year,
format = template, layout (cells | rows), shape (variant/NAME), cells [[section,item,col,value]...],
blanks ([] here), violations (the rule the deliberate error was made for), title, sections (the
sections the report has, in order, as gai_report's `sections`), variant (what it shows),
derived_from.  A 2021 report printing （六）其他处理 as one row has cells of item `other`
(= the sum of the three other.* cells the generator made, per column) and none of other.*.
"""
import argparse, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixture_text as F  # noqa: E402

SECTIONS = ["overview", "active", "requests", "appeals", "problems", "other"]
SHAPES = {"cells": F.cells_text, "rows": F.rows_text}


def plain(key, v):
    return F.value_text(v, key[2], key[1])


def variant(name, seed, fmt, layout, what, bad_rate=0.0, want=None, other_one_row=False, labels=None,
            glue_groups=False, appeals_heading="四、政府信息公开行政复议、行政诉讼情况",
            problems_title="存在的主要问题及改进情况"):
    k, truth = F.generated(seed, fmt, bad_rate, want)
    if other_one_row:
        truth = F.merge_other(truth)
    active, req, appeals = F.tables(truth, plain, labels=labels, other_one_row=other_one_row,
                                    glue_groups=glue_groups)
    body = F.report_lines(truth, SHAPES[layout], active, req, appeals, appeals_heading=appeals_heading,
                          problems_title=problems_title)
    sel = f"--format {fmt} --bad-rate {bad_rate}"
    t = F.truth_json(truth, "variant/" + name, layout, [],
                     f"gen_reports.py --seed {seed} {sel}, report {k}" +
                     (" (the first that fits: see make_variant_fixtures.py)" if want else ""),
                     sections=SECTIONS, variant=what)
    return name, body, t


def other_nonzero(truth):
    """Some (六) cell is not 0 (the merged row then has a number to read)."""
    return any(v for s, i, c, v in truth["cells"] if i.startswith("other.") and c == "total")


def all_variants():
    yield variant("other_one_row_cells", 31, "2021", "cells",
                  "2021 template with （六）其他处理 printed as one row with values and no sub-rows (as shared/real/002 "
                  "and 003): its cells are item `other`, other.* absent and not an error; requests.outcome_total "
                  "sums `other`", want=other_nonzero, other_one_row=True)
    yield variant("other_one_row_rows", 32, "2021", "rows",
                  "the same in the row-per-line shape, with a deliberate error in a column total",
                  bad_rate=1.0, want=lambda t: t["violations"] == ["requests.outcome_total"] and other_nonzero(t),
                  other_one_row=True)
    yield variant("other_sub_numbered", 33, "2021", "cells",
                  "（六）其他处理's sub-labels numbered 1、2、3、 instead of 1.2.3. (1、申请人无正当理由逾期不补正…, "
                  "2、申请人逾期未按收费通知…, 3、其他)",
                  labels={"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请":
                          "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请":
                          "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                          "3.其他": "3、其他"})
    yield variant("glued_group_cells", 34, "2019", "cells",
                  "group labels glued to their first sub-row in one cell: （三）不予公开1.属于国家秘密, "
                  "（四）无法提供1.本机关不掌握相关政府信息, （五）不予处理1.信访举报投诉类申请",
                  bad_rate=1.0, want=lambda t: t["violations"] == ["requests.balance"], glue_groups=True)
    yield variant("glued_group_rows", 35, "2021", "rows",
                  "group labels glued to their first sub-row, row-per-line, 2021: also "
                  "（六）其他处理1.申请人无正当理由逾期不补正、…", glue_groups=True)
    yield variant("label_typos", 36, "2021", "cells",
                  "label typos of real reports: 2.其他法律行政止公开 (denied.prohibited_by_law), 本年废纸件数 (the "
                  "repealed column), section heading 四、政府信息公开行政法复议、行政诉讼情况",
                  labels={"2.其他法律行政法规禁止公开": "2.其他法律行政止公开", "本年废止件数": "本年废纸件数"},
                  appeals_heading="四、政府信息公开行政法复议、行政诉讼情况")
    yield variant("problems_heading", 37, "2019", "rows",
                  "section 五 titled 存在的主要问题及整改措施 (its narrative is section `problems`)",
                  bad_rate=1.0, want=lambda t: t["violations"] == ["appeals.row_total"],
                  problems_title="存在的主要问题及整改措施")

    yield variant("combined_rows", 38, "2021", "rows",
                  "several variants in one row-per-line 2021 report, as in shared/real/002: （六）其他处理 as one row, "
                  "group labels glued to their first sub-row, the typos 2.其他法律行政止公开 and 本年废纸件数, "
                  "section 五 titled 存在的主要问题及整改措施",
                  want=other_nonzero, other_one_row=True, glue_groups=True,
                  labels={"2.其他法律行政法规禁止公开": "2.其他法律行政止公开", "本年废止件数": "本年废纸件数"},
                  problems_title="存在的主要问题及整改措施")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "fixtures", "variants"))
    a = ap.parse_args()
    out = os.path.normpath(a.out)
    os.makedirs(out, exist_ok=True)
    for name, body, truth in all_variants():
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8", newline="") as f:
            f.write(body)
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False)
        print(f"{name}: {truth['format']} {truth['layout']}, {len(truth['cells'])} cells, "
              f"violations {truth['violations']}")


if __name__ == "__main__":
    main()
