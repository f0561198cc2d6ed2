/*
 * docx.h — a Word .docx file -> an HTML page that the server's HTML reader
 * reads exactly (the binary container never reaches the server).
 *
 * Standalone: libzip and libxml2, no other file of the command needed.
 */
#ifndef GAIREPORT_DOCX_H
#define GAIREPORT_DOCX_H

#include <stddef.h>

/* limits against zip bombs and absurd documents */
#define GAI_DOCX_MAX_PART (64u << 20)	/* uncompressed bytes of one part read (document.xml) */
#define GAI_DOCX_MAX_TOTAL (96u << 20)	/* uncompressed bytes of all parts read */
#define GAI_DOCX_MAX_ENTRIES 20000		/* entries in the zip */
#define GAI_DOCX_MAX_HTML (256u << 20)	/* bytes of the HTML made */
#define GAI_DOCX_MAX_NESTING 32			/* tables in tables */

/*
 * Reads the .docx in data[0..len) and returns a UTF-8 HTML page (malloc'd,
 * NUL-terminated, no NUL inside) holding its text: paragraphs as <p>,
 * headings as <h1>..<h6>, list numbers as Word prints them, tables as
 * <table> by Word's table model (w:gridSpan -> colspan, w:vMerge ->
 * rowspan, w:gridBefore -> an empty leading cell, nested tables inside
 * their cell, the paragraphs of a cell joined with <br>), superscript and
 * subscript runs (footnote marks) in <sup>/<sub>, every text escaped.
 *
 * On failure returns NULL with a one-line message (no newline, no file
 * name) in err[0..errlen): not a zip (and what it is instead: a legacy
 * .doc, an encrypted document, a picture, ...), no Word document inside,
 * an encrypted entry, too large, too many entries, malformed XML.
 *
 * Call xmlInitParser() once from the main thread before using it from
 * several threads (libxml2's rule); each call is otherwise independent.
 */
char	   *gai_docx_to_html(const unsigned char *data, size_t len, char *err, size_t errlen);

#endif
