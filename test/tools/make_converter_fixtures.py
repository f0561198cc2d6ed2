#!/usr/bin/env python3
"""Write the fixtures of the loader's converters: test/fixtures/docx and test/fixtures/pdf.

  PYTHONHASHSEED=0 LC_ALL=C.UTF-8 python3 test/tools/make_converter_fixtures.py

Every report fixture is one of the rendered reports of test/fixtures/html (render_corpus.py
--n 40 --seed 1 --format mix --blank-rate 0.5 --bad-rate 0.3, see that directory's README):
the script rebuilds those reports' document model with the vendored render_corpus.py, checks
that it gives back the committed pages byte for byte, and copies the page's truth (NNNNNN.json)
beside each file made from it, with "shape" set to the route it took.  DOCX routes:

  lo_document  render_corpus's A4 document (.fodt, the one its PDF shapes are printed from)
               -> `soffice --convert-to docx`: LibreOffice's Word tables (gridSpan, vMerge).
  lo_webpage   the rendered web page -> `soffice --infilter="HTML (StarWriter)" --convert-to docx`;
               or a page of test/fixtures/html_cases without its site chrome (menus,
               breadcrumb, footer: by class, as the HTML reader knows them; in a document they
               would be paragraphs ahead of the title) -> the same.
  word_model   written here from the document model as Word's own table model: headings
               numbered by a list in numbering.xml (一、 from chineseCounting), merged cells as
               gridSpan and vMerge restart/continue, the requests table's corner cell as
               w:gridBefore in the rows below it, the appeals table nested in a layout table,
               cells of several paragraphs, a superscript mark and a footnote reference in the
               narrative.

plus corners.docx, zipped from the hand-written corners/ directory (its expected HTML is
corners.html, checked by test/cli/converters.c).  PDF: the lo_document route printed to PDF
(report_2019.pdf, report_2021.pdf, with truth), a one-page text PDF (small.pdf), the same
encrypted with a user password by qpdf (encrypted.pdf), cut short (damaged.pdf), a page
rendered to a picture (picture.png, pdftoppm) and wrapped as an image-only PDF
(scanned.pdf), a legacy Word file (legacy.doc, soffice --convert-to doc), and
encrypted.docx: an OLE compound file holding the EncryptionInfo and EncryptedPackage
streams of a password-protected .docx (built here; the stream contents are random bytes —
LibreOffice here cannot save a password-protected .docx headless).

LibreOffice runs with a private profile in a temporary directory.  Its output carries
timestamps, so the .docx/.pdf bytes differ from run to run; everything else is deterministic.
Needs: libreoffice-writer, poppler-utils (pdftoppm), qpdf, fonts-noto-cjk.
"""
import io, json, os, random, re, shutil, struct, subprocess, sys, tempfile, zipfile, zlib
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import render_corpus as rc  # noqa: E402
import gen_reports  # noqa: E402

HTML_DIR = os.path.join(ROOT, "test/fixtures/html")
CASES_DIR = os.path.join(ROOT, "test/fixtures/html_cases")
DOCX_DIR = os.path.join(ROOT, "test/fixtures/docx")
PDF_DIR = os.path.join(ROOT, "test/fixtures/pdf")

# report k of test/fixtures/html -> the routes it is made into
LO_DOCUMENT = {3: "doc_000003", 8: "doc_000008"}       # 2021 requests.balance; 2019 all blank + outcome_total
WORD_MODEL = {1: "model_000001", 7: "model_000007"}    # 2021 dash blanks; 2019 blank rows
LO_WEBPAGE = {6: "page_000006", 11: "page_000011"}     # 2021 ueditor; 2019 Word-exported page
LO_WEBPAGE_CASES = ["br_p_cells", "word_export", "nested_layout"]
PDF_REPORTS = {8: "report_2019", 3: "report_2021"}


def reports():
    """The 40 reports of test/fixtures/html, as render_corpus.generate builds them."""
    r = random.Random(1)
    out = []
    for k in range(40):
        _, truth = gen_reports.one(r, "mix", "cells", "seed", 0.3)
        truth["template"] = truth["format"]
        rr = random.Random(f"render_corpus:1:{k}")
        rep = rc.build_report(rr, truth, 0.5)
        rep.name, rep.truth = f"{k:06d}", truth
        rep.page = rc.html_page(rep)
        with open(os.path.join(HTML_DIR, rep.name + ".html"), encoding="utf-8") as f:
            if f.read() != rep.page:
                sys.exit(f"report {k}: the rebuilt page differs from test/fixtures/html/{rep.name}.html "
                         "(run with PYTHONHASHSEED=0; has render_corpus.py changed?)")
        out.append(rep)
    return out


def copy_truth(src_json, dst_json, shape, note):
    with open(src_json, encoding="utf-8") as f:
        t = json.load(f)
    t["shape"] = shape
    t["converted"] = note
    with open(dst_json, "w", encoding="utf-8") as f:
        json.dump(t, f, ensure_ascii=False)


class Office:
    """soffice with a profile of its own (other soffice runs on the machine are left alone)."""

    def __init__(self, tmp):
        self.profile = "file://" + os.path.join(tmp, "lo_profile")

    def convert(self, src, fmt, outdir, infilter=None):
        cmd = ["soffice", "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={self.profile}"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", fmt, "--outdir", outdir, src]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        ext = fmt.split(":")[0]
        out = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + "." + ext)
        if not os.path.exists(out):
            sys.exit(f"soffice made no {out}")
        return out


# ------------------------------------------------------------------ a page's chrome

CHROME_CLASSES = {"header", "nav", "location", "top", "left", "sidenav", "footer", "info", "share",
                  "breadcrumb", "menu"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr"}


class ChromeStripper(HTMLParser):
    """The page with the content of its chrome elements (by class) left out; the elements stay,
    empty, so a layout table keeps its shape."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out, self.skip = [], []          # skip: a stack of open tags, from a chrome element on

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if self.skip:
            if tag not in VOID:
                self.skip.append(tag)
            return
        self.out.append(self.get_starttag_text())
        if classes & CHROME_CLASSES and tag not in VOID:
            self.skip.append(tag)

    def handle_startendtag(self, tag, attrs):
        if not self.skip:
            self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
                if not self.skip:
                    self.out.append(f"</{tag}>")
            return
        self.out.append(f"</{tag}>")

    def _text(self, t):
        if not self.skip:
            self.out.append(t)

    def handle_data(self, d):
        self._text(d)

    def handle_entityref(self, n):
        self._text(f"&{n};")

    def handle_charref(self, n):
        self._text(f"&#{n};")

    def handle_comment(self, d):
        self._text(f"<!--{d}-->")

    def handle_decl(self, d):
        self.out.append(f"<!{d}>")

    def handle_pi(self, d):
        self._text(f"<?{d}>")

    def unknown_decl(self, d):
        self._text(f"<![{d}]>")


def strip_chrome(html):
    p = ChromeStripper()
    p.feed(html)
    p.close()
    return "".join(p.out)


# ------------------------------------------------------------------ zips

def write_zip(path, members):
    """A deterministic zip: members [(name, bytes)] in the order given, fixed dates."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)


def zip_dir(src, path):
    members = []
    for base, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(base, f)
            members.append((os.path.relpath(p, src).replace(os.sep, "/"), open(p, "rb").read()))
    # [Content_Types].xml first, as Word writes it
    members.sort(key=lambda m: (m[0] != "[Content_Types].xml", m[0]))
    write_zip(path, members)


# ------------------------------------------------------------------ Word's model

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
H1_NUMS = ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]


def wx(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrun(text, rpr=""):
    return f'<w:r>{rpr}<w:t xml:space="preserve">{wx(text)}</w:t></w:r>'


def wpara(text, ppr="", lines_as_br=True):
    """A paragraph; "\\n" in text as w:br."""
    runs = []
    for i, line in enumerate(text.split("\n")):
        if i:
            runs.append("<w:r><w:br/></w:r>")
        if line:
            runs.append(wrun(line))
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def word_table(t, grid_before_corner=False):
    """A table of the document model in Word's model: gridSpan, vMerge restart/continue."""
    n = len(t.cols)
    grid = t.grid()
    # origin cells by (row, col), and for each slot the origin covering it
    cover = {}
    for r, origins in enumerate(grid):
        for c, cell in origins:
            for dr in range(cell.rs):
                cover[(r + dr, c)] = (r, c, cell)
    corner = None
    if grid_before_corner and grid and grid[0] and grid[0][0][0] == 0 and grid[0][0][1].rs > 1:
        corner = grid[0][0][1]
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>'
           + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
           + "</w:tblBorders></w:tblPr><w:tblGrid>"]
    out += [f'<w:gridCol w:w="{int(w * 567)}"/>' for w in t.cols]
    out.append("</w:tblGrid>")
    for r, origins in enumerate(grid):
        at = {c: cell for c, cell in origins}
        row = []
        trpr = ""
        col = 0
        if corner is not None and 0 < r < corner.rs:
            trpr = f'<w:trPr><w:gridBefore w:val="{corner.cs}"/></w:trPr>'
            col = corner.cs
        while col < n:
            if col in at:
                cell = at[col]
                span = f'<w:gridSpan w:val="{cell.cs}"/>' if cell.cs > 1 else ""
                vm = '<w:vMerge w:val="restart"/>' if cell.rs > 1 and cell is not corner else ""
                text = "" if cell.blank == "nbsp" else cell.text
                # a cell of several lines: one paragraph per line (Word's habit for wrapped labels)
                paras = "".join(wpara(line) for line in text.split("\n")) if text else "<w:p/>"
                row.append(f"<w:tc><w:tcPr>{span}{vm}</w:tcPr>{paras}</w:tc>")
                col += cell.cs
            else:
                r0, c0, cell = cover[(r, col)]
                span = f'<w:gridSpan w:val="{cell.cs}"/>' if cell.cs > 1 else ""
                row.append(f'<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>')
                col += cell.cs
        out.append(f"<w:tr>{trpr}{''.join(row)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def word_model_docx(rep, path):
    body = []
    h1_index = 0
    first_p = True
    for kind, *rest in rep.blocks:
        if kind == "title":
            body.append(wpara(rest[0], '<w:pPr><w:pStyle w:val="a3"/><w:jc w:val="center"/></w:pPr>'))
        elif kind == "h1":
            text = rest[0]
            want = H1_NUMS[h1_index] if h1_index < len(H1_NUMS) else None
            h1_index += 1
            if want and text.startswith(want):
                # the number comes from the heading style's list (numbering.xml), as Word does it
                body.append(wpara(text[len(want):], '<w:pPr><w:pStyle w:val="1"/></w:pPr>'))
            else:
                body.append(wpara(text, '<w:pPr><w:pStyle w:val="1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>'))
        elif kind == "h2":
            body.append(wpara(rest[0], '<w:pPr><w:pStyle w:val="2"/></w:pPr>'))
        elif kind == "p":
            p = wpara(rest[0], '<w:pPr><w:ind w:firstLineChars="200"/></w:pPr>')
            if first_p:
                # a footnote on the preamble, and a superscript mark
                p = p[:-len("</w:p>")] + ('<w:r><w:rPr><w:rStyle w:val="a5"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
                                          '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>※</w:t></w:r></w:p>')
                first_p = False
            body.append(p)
        elif kind == "sign":
            body += [wpara(s, '<w:pPr><w:jc w:val="right"/></w:pPr>') for s in rest[0]]
        elif kind == "table":
            t = rest[0]
            if t.role == "appeals":
                # nested in a one-cell layout table
                body.append('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/>'
                            '</w:tblGrid><w:tr><w:tc><w:tcPr/>' + word_table(t) + "<w:p/></w:tc></w:tr></w:tbl>")
            else:
                body.append(word_table(t, grid_before_corner=(t.role == "requests")))
            body.append("<w:p/>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>'
                + "\n".join(body)
                + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" '
                  'w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>')
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
              '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/>'
              '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
              '<w:style w:type="character" w:styleId="a5"><w:name w:val="footnote reference"/>'
              '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>')
    numbering = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
                 '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
                 '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:rStyle w:val="a5"/></w:rPr><w:footnoteRef/>'
                 '</w:r><w:r><w:t xml:space="preserve"> 本报告数据截至统计期末。</w:t></w:r></w:p></w:footnote></w:footnotes>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.numbering+xml"/>'
          '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.footnotes+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'styles" Target="styles.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'numbering" Target="numbering.xml"/>'
                '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'footnotes" Target="footnotes.xml"/></Relationships>')
    write_zip(path, [("[Content_Types].xml", ct.encode()), ("_rels/.rels", rels.encode()),
                     ("word/document.xml", document.encode()), ("word/styles.xml", styles.encode()),
                     ("word/numbering.xml", numbering.encode()), ("word/footnotes.xml", footnotes.encode()),
                     ("word/_rels/document.xml.rels", doc_rels.encode())])


# ------------------------------------------------------------------ OLE, image PDF

def ole_file(streams):
    """A compound file (CFB v3, 512-byte sectors) holding the given streams (each >= 4096 bytes,
    so all live in regular sectors; no mini stream)."""
    SEC = 512
    FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    data_secs = []
    next_sec = 0
    for nm in names:
        n = (len(streams[nm]) + SEC - 1) // SEC
        data_secs.append((next_sec, n))
        next_sec += n
    ndir = (1 + len(names) + 3) // 4
    dir_start = next_sec
    fat_start = dir_start + ndir
    total = fat_start + 1
    if total > SEC // 4:
        raise ValueError("too large for one FAT sector")
    fat = [FREESECT] * (SEC // 4)
    for start, n in data_secs:
        for i in range(n):
            fat[start + i] = start + i + 1 if i < n - 1 else ENDOFCHAIN
    for i in range(ndir):
        fat[dir_start + i] = dir_start + i + 1 if i < ndir - 1 else ENDOFCHAIN
    fat[fat_start] = FATSECT

    def entry(name, typ, start, size, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM):
        u = name.encode("utf-16-le") + b"\0\0"
        return (u.ljust(64, b"\0") + struct.pack("<HBBIII", len(u), typ, 1, left, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IIi", start, size, 0))
    # the streams as a right-leaning chain under the root (all black: a valid red-black tree
    # needs more care, but readers only look names up)
    ents = [entry("Root Entry", 5, ENDOFCHAIN, 0, child=1 if names else NOSTREAM)]
    for i, nm in enumerate(names):
        start, n = data_secs[i]
        ents.append(entry(nm, 2, start, len(streams[nm]), right=i + 2 if i + 1 < len(names) else NOSTREAM))
    dirbytes = b"".join(ents).ljust(ndir * SEC, b"\0")
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, dir_start, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0))
    header += struct.pack("<I", fat_start) + struct.pack("<I", FREESECT) * 108
    assert len(header) == SEC
    body = b"".join(streams[nm].ljust(n * SEC, b"\0") for nm, (_, n) in zip(names, data_secs))
    return header + body + dirbytes + struct.pack(f"<{SEC // 4}I", *fat)


def image_pdf(pgm_path, pdf_path):
    """A one-page PDF holding only a greyscale picture (what a scanner makes)."""
    raw = open(pgm_path, "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    w, h = int(m.group(1)), int(m.group(2))
    pix = raw[m.end():m.end() + w * h]
    img = zlib.compress(pix, 9)
    pw, ph = 595.28, 841.89
    content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] /Resources << /XObject << /Im0 4 0 R >> >> "
            f"/Contents 5 0 R >>".encode(),
            f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 "
            f"/Filter /FlateDecode /Length {len(img)} >>\nstream\n".encode() + img + b"\nendstream",
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + o + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for o in offs:
        out.write(f"{o:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    open(pdf_path, "wb").write(out.getvalue())


SMALL_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document {ns} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Noto Serif CJK SC"
 style:font-name-asian="Noto Serif CJK SC" fo:font-size="12pt" style:font-size-asian="12pt"/></style:default-style></office:styles>
<office:body><office:text>
<text:p>示例局2023年政府信息公开工作年度报告</text:p>
<text:p>本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。</text:p>
</office:text></office:body></office:document>
"""


def main():
    for tool in ("soffice", "pdftoppm", "qpdf"):
        if not shutil.which(tool):
            sys.exit(f"make_converter_fixtures: {tool} not found")
    reps = reports()
    os.makedirs(DOCX_DIR, exist_ok=True)
    os.makedirs(PDF_DIR, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="converter_fixtures_")
    try:
        office = Office(tmp)
        # ---- DOCX
        for k, name in LO_DOCUMENT.items():
            fodt = os.path.join(tmp, name + ".fodt")
            open(fodt, "w", encoding="utf-8").write(rc.fodt_doc(reps[k]))
            shutil.copy(office.convert(fodt, "docx:MS Word 2007 XML", tmp), os.path.join(DOCX_DIR, name + ".docx"))
            copy_truth(os.path.join(HTML_DIR, reps[k].name + ".json"), os.path.join(DOCX_DIR, name + ".json"),
                       "docx/lo_document", f"test/fixtures/html/{reps[k].name}: render_corpus's .fodt of the report "
                       "-> soffice --convert-to docx")
        for k, name in WORD_MODEL.items():
            word_model_docx(reps[k], os.path.join(DOCX_DIR, name + ".docx"))
            copy_truth(os.path.join(HTML_DIR, reps[k].name + ".json"), os.path.join(DOCX_DIR, name + ".json"),
                       "docx/word_model", f"test/fixtures/html/{reps[k].name}: the report's document model written "
                       "as Word's table model by make_converter_fixtures.py")
        pages = [(os.path.join(HTML_DIR, reps[k].name + ".html"), name) for k, name in LO_WEBPAGE.items()]
        pages += [(os.path.join(CASES_DIR, c + ".html"), "case_" + c) for c in LO_WEBPAGE_CASES]
        for src, name in pages:
            page = os.path.join(tmp, name + ".html")
            if name.startswith("case_"):
                # the report without the site's chrome, as a document holds it: the page's menus,
                # breadcrumb and footer (known to the HTML reader by their class names) would be
                # plain paragraphs in a document, ahead of the title the truth names
                with open(src, encoding="utf-8") as f:
                    html = strip_chrome(f.read())
                with open(page, "w", encoding="utf-8") as f:
                    f.write(html)
            else:
                shutil.copy(src, page)
            shutil.copy(office.convert(page, "docx:MS Word 2007 XML", tmp, infilter="HTML (StarWriter)"),
                        os.path.join(DOCX_DIR, name + ".docx"))
            rel = os.path.relpath(src, ROOT)
            copy_truth(src[:-5] + ".json", os.path.join(DOCX_DIR, name + ".json"), "docx/lo_webpage",
                       f"{rel} -> soffice --infilter='HTML (StarWriter)' --convert-to docx")
        zip_dir(os.path.join(DOCX_DIR, "corners"), os.path.join(DOCX_DIR, "corners.docx"))
        # encrypted.docx: the container of a password-protected .docx
        rnd = random.Random(9)
        info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' \
            b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>'
        open(os.path.join(DOCX_DIR, "encrypted.docx"), "wb").write(ole_file({
            "EncryptionInfo": info.ljust(4096, b"\0"),
            "EncryptedPackage": struct.pack("<Q", 12000) + bytes(rnd.getrandbits(8) for _ in range(12288))}))

        # ---- PDF
        for k, name in PDF_REPORTS.items():
            fodt = os.path.join(tmp, name + ".fodt")
            open(fodt, "w", encoding="utf-8").write(rc.fodt_doc(reps[k]))
            shutil.copy(office.convert(fodt, "pdf:writer_pdf_Export", tmp), os.path.join(PDF_DIR, name + ".pdf"))
            copy_truth(os.path.join(HTML_DIR, reps[k].name + ".json"), os.path.join(PDF_DIR, name + ".json"),
                       "pdf/lo_document", f"test/fixtures/html/{reps[k].name}: render_corpus's .fodt of the report "
                       "-> soffice --convert-to pdf (the PDF render_corpus's pdf_* shapes are read from)")
        small = os.path.join(tmp, "small.fodt")
        open(small, "w", encoding="utf-8").write(SMALL_FODT.format(ns=rc.NS))
        small_pdf = office.convert(small, "pdf:writer_pdf_Export", tmp)
        shutil.copy(small_pdf, os.path.join(PDF_DIR, "small.pdf"))
        subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", small_pdf,
                        os.path.join(PDF_DIR, "encrypted.pdf")], check=True)
        data = open(small_pdf, "rb").read()
        open(os.path.join(PDF_DIR, "damaged.pdf"), "wb").write(data[:len(data) * 6 // 10])
        shutil.copy(office.convert(small, "doc:MS Word 97", tmp), os.path.join(PDF_DIR, "legacy.doc"))
        report_pdf = os.path.join(PDF_DIR, PDF_REPORTS[3] + ".pdf")
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", "-png", report_pdf,
                        os.path.join(tmp, "page")], check=True)
        shutil.copy(os.path.join(tmp, "page-1.png"), os.path.join(PDF_DIR, "picture.png"))
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", report_pdf,
                        os.path.join(tmp, "scan")], check=True)
        pgm = [f for f in os.listdir(tmp) if f.startswith("scan") and f.endswith(".pgm")][0]
        image_pdf(os.path.join(tmp, pgm), os.path.join(PDF_DIR, "scanned.pdf"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total = 0
    for d in (DOCX_DIR, PDF_DIR):
        for base, _, files in os.walk(d):
            total += sum(os.path.getsize(os.path.join(base, f)) for f in files)
    print(f"make_converter_fixtures: test/fixtures/docx and test/fixtures/pdf, {total} bytes")


if __name__ == "__main__":
    main()
