/*
 * fuzz_docx.c — libFuzzer target for the loader's .docx reader
 * (src/cli/docx.c): an input starting with "PK" is a whole .docx; any other
 * input is a word/document.xml, zipped here (stored) with the corners
 * fixture's styles and numbering, so that the fuzzer works on the XML and
 * the table model rather than on deflate streams and CRCs.
 *
 *   make test/fuzz/fuzz_docx
 *   test/fuzz/fuzz_docx -max_total_time=60 -dict=test/fuzz/dict_docx.txt CORPUS_DIR test/fuzz/seeds_docx
 */
#include "docx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

static const char styles[] =
	"<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/>"
	"<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
	"<w:style w:type=\"character\" w:styleId=\"s\"><w:name w:val=\"x\"/><w:basedOn w:val=\"s\"/>"
	"<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style></w:styles>";
static const char numbering[] =
	"<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"chineseCounting\"/>"
	"<w:lvlText w:val=\"%1、%2.%9\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"upperRoman\"/>"
	"<w:lvlText w:val=\"(%2)\"/></w:lvl></w:abstractNum>"
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
	"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"1\"><w:startOverride w:val=\"3999\"/>"
	"</w:lvlOverride></w:num></w:numbering>";

static unsigned char *
zip_of(const uint8_t *xml, size_t len, size_t *out_len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t	   *za;
	zip_stat_t	st;
	unsigned char *buf = NULL;
	const struct
	{
		const char *name;
		const void *data;
		size_t		len;
	}			parts[] = {
		{"word/document.xml", xml, len},
		{"word/styles.xml", styles, sizeof styles - 1},
		{"word/numbering.xml", numbering, sizeof numbering - 1},
	};

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)))
		return NULL;
	zip_source_keep(src);
	if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)))
	{
		zip_source_free(src);
		return NULL;
	}
	for (size_t i = 0; i < 3; i++)
	{
		zip_source_t *s = zip_source_buffer(za, parts[i].data, parts[i].len, 0);
		zip_int64_t idx = s ? zip_file_add(za, parts[i].name, s, 0) : -1;

		if (idx < 0)
			zip_source_free(s);
		else
			zip_set_file_compression(za, (zip_uint64_t) idx, ZIP_CM_STORE, 0);
	}
	if (zip_close(za) != 0)
		zip_discard(za);
	else if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0)
	{
		buf = malloc(st.size + 1);
		if (buf && zip_source_read(src, buf, st.size) == (zip_int64_t) st.size)
			*out_len = st.size;
		else
		{
			free(buf);
			buf = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return buf;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	xmlInitParser();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		err[256];
	char	   *html;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		html = gai_docx_to_html(data, size, err, sizeof err);
	else
	{
		size_t		len = 0;
		unsigned char *z = zip_of(data, size, &len);

		if (!z)
			return 0;
		html = gai_docx_to_html(z, len, err, sizeof err);
		free(z);
	}
	if (html)
	{
		/* what the server gets: no NUL inside, always a page */
		if (strncmp(html, "<!DOCTYPE html>", 15) != 0)
			abort();
		free(html);
	}
	else if (!err[0])
		abort();				/* a failure always says why */
	return 0;
}
