/*
 * filetype.c — the kind of a report file, by its bytes first, its name
 * second (filetype.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE				/* memmem */
#endif
#include "filetype.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool
starts(const unsigned char *p, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(p, magic, n) == 0;
}

/* a UTF-16LE spelling of an ASCII name somewhere in p[0..len) */
static bool
has_utf16_name(const unsigned char *p, size_t len, const char *name)
{
	unsigned char pat[64];
	size_t		n = strlen(name);

	if (n * 2 > sizeof pat)
		return false;
	for (size_t i = 0; i < n; i++)
	{
		pat[2 * i] = (unsigned char) name[i];
		pat[2 * i + 1] = 0;
	}
	return memmem(p, len, pat, 2 * n) != NULL;
}

/* the extension of a file name, without the dot; "" when there is none */
static const char *
extension(const char *name)
{
	const char *slash,
			   *dot;

	if (!name)
		return "";
	slash = strrchr(name, '/');
	dot = strrchr(slash ? slash + 1 : name, '.');
	return dot && dot[1] ? dot + 1 : "";
}

static bool
ext_is(const char *ext, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(ext, *list) == 0)
			return true;
	return false;
}

const char *
gai_describe_binary(const unsigned char *p, size_t len)
{
	if (starts(p, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
	{
		/*
		 * An OLE compound file.  A password-protected .docx (.xlsx, ...) is
		 * one too: its encrypted package sits in an EncryptedPackage stream
		 * beside EncryptionInfo.  The directory's names are UTF-16LE.
		 */
		if (has_utf16_name(p, len, "EncryptionInfo") || has_utf16_name(p, len, "EncryptedPackage"))
			return "an encrypted (password-protected) Office document: open it with its password in Word "
				"or WPS and save it again without one, as .docx";
		if (has_utf16_name(p, len, "WordDocument"))
			return "a legacy Word .doc (or WPS .wps) file, which is not read: convert it to .docx first "
				"(soffice --headless --convert-to docx FILE)";
		return "an OLE compound file (a legacy .doc, .wps, .xls or .ppt, or an encrypted document), "
			"which is not read: convert it to .docx first (soffice --headless --convert-to docx FILE)";
	}
	if (starts(p, len, "{\\rtf", 5))
		return "an RTF document, which is not read: convert it to .docx first "
			"(soffice --headless --convert-to docx FILE)";
	if (starts(p, len, "\x89PNG\r\n\x1a\n", 8))
		return "a PNG picture, which holds no text: OCR it first (e.g. tesseract FILE OUT -l chi_sim)";
	if (starts(p, len, "\xFF\xD8\xFF", 3))
		return "a JPEG picture, which holds no text: OCR it first (e.g. tesseract FILE OUT -l chi_sim)";
	if (starts(p, len, "GIF87a", 6) || starts(p, len, "GIF89a", 6))
		return "a GIF picture, which holds no text: OCR it first (e.g. tesseract FILE OUT -l chi_sim)";
	if (starts(p, len, "II*\0", 4) || starts(p, len, "MM\0*", 4))
		return "a TIFF picture, which holds no text: OCR it first (e.g. tesseract FILE OUT -l chi_sim)";
	if (starts(p, len, "RIFF", 4) && len >= 12 && memcmp(p + 8, "WEBP", 4) == 0)
		return "a WebP picture, which holds no text: OCR it first (e.g. tesseract FILE OUT -l chi_sim)";
	if (starts(p, len, "MIME-Version:", 13))
		return "a MIME web archive (.mht, .mhtml, or Word's single-file web page), which is not read: "
			"open it and save it as .html or .docx";
	if (starts(p, len, "\x1F\x8B", 2))
		return "a gzip-compressed file: unpack it first";
	if (starts(p, len, "7z\xBC\xAF\x27\x1C", 6) || starts(p, len, "Rar!\x1A\x07", 6))
		return "a compressed archive (7z or RAR): unpack it first";
	if (starts(p, len, "\x7F" "ELF", 4))
		return "a program (ELF), not a report";
	if (starts(p, len, "PK\x03\x04", 4) || starts(p, len, "PK\x05\x06", 4))
		return "a zip archive (.docx, .xlsx, .odt, .zip, ...)";
	if (len >= 5 && memmem(p, len < 1024 ? len : 1024, "%PDF-", 5))
		return "a PDF file";
	return NULL;
}

/* the first bytes after a BOM and white space start an HTML document */
static bool
looks_like_html(const unsigned char *p, size_t len)
{
	static const char *const starts_html[] = {"<!doctype html", "<html", "<head", "<meta", "<body", NULL};
	size_t		i = 0;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	/* an XML declaration (XHTML) or a comment first: look after it once */
	for (int k = 0; k < 4 && i + 4 <= len && p[i] == '<' && (p[i + 1] == '?' || p[i + 1] == '!'); k++)
	{
		const char *end;

		if (p[i + 1] == '!' && (len - i < 4 || memcmp(p + i, "<!--", 4) != 0))
			break;				/* <!DOCTYPE: checked below */
		end = memmem(p + i, len - i, p[i + 1] == '?' ? "?>" : "-->", p[i + 1] == '?' ? 2 : 3);
		if (!end)
			return false;
		i = (size_t) ((const unsigned char *) end - p) + (p[i + 1] == '?' ? 2 : 3);
		while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
	}
	for (const char *const *s = starts_html; *s; s++)
	{
		size_t		n = strlen(*s);

		if (len - i >= n && strncasecmp((const char *) p + i, *s, n) == 0)
			return true;
	}
	return false;
}

gai_filetype
gai_detect_filetype(const char *name, const unsigned char *head, size_t len, const char **why)
{
	static const char *const html_ext[] = {"html", "htm", "shtml", "xhtml", "xht", NULL};
	static const char *const pdf_ext[] = {"pdf", NULL};
	static const char *const docx_ext[] = {"docx", "docm", "dotx", "dotm", NULL};
	static const char *const doc_ext[] = {"doc", "wps", "dot", NULL};
	const char *ext = extension(name);
	const char *desc;

	if (why)
		*why = NULL;
	if (len >= 5 && memmem(head, len < 1024 ? len : 1024, "%PDF-", 5))
		return GAI_FT_PDF;
	if (starts(head, len, "PK\x03\x04", 4) || starts(head, len, "PK\x05\x06", 4))
		return GAI_FT_DOCX;
	desc = gai_describe_binary(head, len);
	if (desc)
	{
		if (why)
			*why = desc;
		return GAI_FT_UNSUPPORTED;
	}
	if (ext_is(ext, html_ext) || looks_like_html(head, len))
		return GAI_FT_HTML;
	/* named so, but not what the name says: the converter says what is wrong */
	if (ext_is(ext, pdf_ext))
		return GAI_FT_PDF;
	if (ext_is(ext, docx_ext))
		return GAI_FT_DOCX;
	if (ext_is(ext, doc_ext) && len > 0 && memchr(head, 0, len < 4096 ? len : 4096))
	{
		if (why)
			*why = "a .doc or .wps file in a format that is not read: convert it to .docx first "
				"(soffice --headless --convert-to docx FILE)";
		return GAI_FT_UNSUPPORTED;
	}
	return GAI_FT_TEXT;
}

const char *
gai_filetype_name(gai_filetype t)
{
	switch (t)
	{
		case GAI_FT_TEXT:
			return "text";
		case GAI_FT_HTML:
			return "html";
		case GAI_FT_PDF:
			return "pdf";
		case GAI_FT_DOCX:
			return "docx";
		case GAI_FT_UNSUPPORTED:
			break;
	}
	return "unsupported";
}
