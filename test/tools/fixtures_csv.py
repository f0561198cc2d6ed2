#!/usr/bin/env python3
"""Fixture directories as CSV for psql's \\copy (test/pgtap/shapes.sql).

  fixtures_csv.py KIND DIR...

DIR holds NAME.json truth files, each beside its input NAME.html, NAME.htm or
NAME.txt (test/fixtures/html, html_cases, pipe, variants).  A report is named
DIRNAME/NAME (the directory's last path component, a slash, the file's stem),
so that names are unique across directories.  KIND is one of

  reports   name, dir, file, ext, body
            (file: the input's path as given; ext: html, htm or txt; body: the
            input's text, byte for byte: UTF-8, CR and all)
  truth     name, dir, ext, agency, year, template, layout, shape, has_title,
            title, not_a_report, violations, sections, n_cells, n_blanks
            (template: the truth's "format", else "template"; violations and
            sections as PostgreSQL array literals, sections NULL when the truth
            has none; has_title: the truth has a "title" key)
  cells     name, section, item, col, value, blank
            (one row per truth cell; blank: listed in "blanks" or value null;
            value: the truth's number as printed in the JSON, NULL if null)
  blanks    name, section, item, col   (the truth's "blanks" as listed)

on stdout, with a header line.  Every non-NULL field is double-quoted ("" for
a quote inside), NULL is an empty unquoted field, as PostgreSQL's CSV format
reads them (\\copy ... WITH (FORMAT csv, HEADER true)): an empty string and NULL
stay apart, and bodies may hold newlines, quotes and commas.  Stdlib only.
"""
import json, os, sys

INPUT_EXTS = (".html", ".htm", ".txt")
KINDS = ("reports", "truth", "cells", "blanks")


def field(x):
    if x is None:
        return ""
    if isinstance(x, bool):
        x = "true" if x else "false"
    elif isinstance(x, float):
        x = repr(x)
    else:
        x = str(x)
    return '"' + x.replace('"', '""') + '"'


def row(out, values):
    out.write((",".join(field(v) for v in values) + "\n").encode("utf-8"))


def pg_array(xs):
    """A one-dimensional text[] literal: every element double-quoted."""
    if xs is None:
        return None
    return "{" + ",".join('"' + str(x).replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for x in xs) + "}"


def number(x):
    """The JSON number as text (ints as ints, floats without exponent noise)."""
    if x is None:
        return None
    if isinstance(x, bool):
        raise ValueError(f"not a number: {x!r}")
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        s = repr(x)
        if "e" in s or "E" in s:
            s = format(x, "f")
        return s
    return str(x)


def collect(dirs):
    """-> [(name, dirname, input path, ext, truth path)] in a stable order."""
    items = []
    for d in dirs:
        if not os.path.isdir(d):
            sys.exit(f"fixtures_csv: {d}: not a directory")
        dirname = os.path.basename(os.path.normpath(d))
        for f in sorted(os.listdir(d)):
            if not f.endswith(".json"):
                continue
            base = os.path.join(d, f[:-5])
            for ext in INPUT_EXTS:
                if os.path.isfile(base + ext):
                    items.append((dirname + "/" + f[:-5], dirname, base + ext, ext[1:], base + ".json"))
                    break
            else:
                sys.exit(f"fixtures_csv: {base}.json: no input file beside it")
    return items


def main(argv):
    if len(argv) < 3 or argv[1] not in KINDS:
        sys.stderr.write(__doc__)
        return 2
    kind, dirs = argv[1], argv[2:]
    out = sys.stdout.buffer
    items = collect(dirs)
    if kind == "reports":
        row(out, ("name", "dir", "file", "ext", "body"))
        for name, dirname, path, ext, _ in items:
            with open(path, "rb") as f:
                body = f.read().decode("utf-8")          # strict: a bad byte is an error
            if "\x00" in body:
                sys.exit(f"fixtures_csv: {path}: NUL byte (not storable in text)")
            row(out, (name, dirname, path, ext, body))
        return 0
    header = {"truth": ("name", "dir", "ext", "agency", "year", "template", "layout", "shape",
                        "has_title", "title", "not_a_report", "violations", "sections",
                        "n_cells", "n_blanks"),
              "cells": ("name", "section", "item", "col", "value", "blank"),
              "blanks": ("name", "section", "item", "col")}[kind]
    row(out, header)
    for name, dirname, path, ext, tpath in items:
        with open(tpath, encoding="utf-8") as f:
            t = json.load(f)
        cells = t.get("cells") or []
        blanks = [tuple(b[:3]) for b in (t.get("blanks") or [])]
        if kind == "truth":
            row(out, (name, dirname, ext, t.get("agency"), t.get("year"),
                      t.get("format") or t.get("template"), t.get("layout"), t.get("shape"),
                      "title" in t, t.get("title"), bool(t.get("not_a_report")),
                      pg_array(t.get("violations") or []), pg_array(t.get("sections")),
                      len(cells), len(blanks)))
        elif kind == "cells":
            bset = set(blanks)
            for s, i, c, x in cells:
                row(out, (name, s, i, c, number(x), x is None or (s, i, c) in bset))
        else:
            for s, i, c in blanks:
                row(out, (name, s, i, c))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
