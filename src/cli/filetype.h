/*
 * filetype.h — what kind of report file a file is, by its first bytes and
 * then by its name: which reader it goes to (text as it is, a web page, a
 * PDF through pdftotext, a Word .docx through docx.c) or, for a file that
 * holds no text the server can read, one line saying what it is and what
 * to do with it.
 *
 * Standalone: plain C, no other file of the command needed.
 */
#ifndef GAIREPORT_FILETYPE_H
#define GAIREPORT_FILETYPE_H

#include <stddef.h>

typedef enum
{
	GAI_FT_TEXT,				/* .txt, .md, ... or nothing recognised: decode as text */
	GAI_FT_HTML,				/* a web page (.html, .htm, .shtml, or its content) */
	GAI_FT_PDF,					/* %PDF- near the start: gai_pdf_to_tsv */
	GAI_FT_DOCX,				/* a zip archive (PK\3\4): gai_docx_to_html */
	GAI_FT_UNSUPPORTED			/* a known kind without a reader: *why says which and what to do */
} gai_filetype;

/*
 * The kind of a file from its first bytes (head, len: as many as there are,
 * 1 KiB is enough) and its name (only the extension is looked at; NULL
 * allowed).  The content wins over the name: a .doc that is really a web
 * page (as Word's "Save as Web Page" and many sites produce) is HTML, a .doc
 * that is a zip is tried as a .docx, a .docx that is an OLE compound file is
 * a legacy .doc or an encrypted document.  For GAI_FT_UNSUPPORTED, *why (if
 * why is not NULL) is set to a static one-line message without a newline;
 * otherwise to NULL.
 */
gai_filetype gai_detect_filetype(const char *name, const unsigned char *head, size_t len,
								 const char **why);

/* "text", "html", "pdf", "docx", "unsupported": for the source column */
const char *gai_filetype_name(gai_filetype t);

/*
 * When head starts like a file of a kind that is no report text (an OLE
 * compound file, a picture, RTF, a PDF, a zip, ...), a static one-line
 * message naming it; else NULL.  The converters use it to say what a file
 * they cannot read is instead.
 */
const char *gai_describe_binary(const unsigned char *head, size_t len);

#endif
