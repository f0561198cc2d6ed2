/*
 * pdf.h — a PDF -> the text the server reads, through poppler's pdftotext
 * run as a child process (no shell): `pdftotext -tsv` (one word a line with
 * its page box) or `pdftotext -layout`.
 *
 * Standalone: plain POSIX, no other file of the command needed.
 */
#ifndef GAIREPORT_PDF_H
#define GAIREPORT_PDF_H

#include <stddef.h>

#define GAI_PDF_TIMEOUT_MS 60000	/* pdftotext is killed after this */
#define GAI_PDF_MAX_OUTPUT (256u << 20) /* bytes of text taken from it */

/* The header line of `pdftotext -tsv` output. */
#define GAI_PDF_TSV_HEADER "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"

/*
 * Runs `pdftotext -tsv -enc UTF-8 PATH -` and returns its output (malloc'd,
 * NUL-terminated UTF-8, a NUL byte inside made a space).
 *
 * On failure returns NULL with one line (no newline, no file name) in
 * err[0..errlen):
 *   - pdftotext missing: "pdftotext (poppler-utils) is not installed: ..."
 *   - not a PDF at all, and what it is instead (a PNG picture, a .doc, ...)
 *   - an encrypted PDF that needs a password to open
 *   - text extraction forbidden by the PDF's permissions
 *   - a damaged PDF (pdftotext cannot open it, or it yields no text and
 *     complains of syntax errors)
 *   - a scanned-image PDF: "no text layer: a scanned image; OCR it first ..."
 *   - pdftotext killed after the time limit, output over the size limit
 * On success err is "" or holds a warning (pdftotext reported errors in
 * the file yet produced text: it may be incomplete).
 */
char	   *gai_pdf_to_tsv(const char *path, char *err, size_t errlen);

/* the same for `pdftotext -layout -enc UTF-8 PATH -` (page breaks as \f) */
char	   *gai_pdf_to_layout(const char *path, char *err, size_t errlen);

/*
 * The same two for a PDF held in memory (piped to pdftotext's stdin): what
 * is converted is exactly the bytes the caller read and hashed, whatever
 * happens to the file meanwhile.  *out_len (if not NULL): the text's length.
 */
char	   *gai_pdf_mem_to_tsv(const unsigned char *data, size_t len, size_t *out_len,
							   char *err, size_t errlen);
char	   *gai_pdf_mem_to_layout(const unsigned char *data, size_t len, size_t *out_len,
								  char *err, size_t errlen);

/*
 * The program run ("pdftotext", found in PATH), the time limit (default
 * GAI_PDF_TIMEOUT_MS) and the output limit (default GAI_PDF_MAX_OUTPUT):
 * set them, if at all, before converting (tests point the program at one
 * that does not exist or never ends).
 */
extern const char *gai_pdftotext_program;
extern int	gai_pdf_timeout_ms;
extern size_t gai_pdf_max_output;

#endif
