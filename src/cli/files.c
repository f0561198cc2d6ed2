/*
 * files.c — FILE|DIR arguments -> a sorted list of files to load.
 *
 * A FILE argument is loaded whatever its name; a symbolic link named on the
 * command line is the user's choice and is followed.  A DIR argument is
 * walked recursively (names starting with "." skipped), keeping the entries
 * whose name matches the pattern (default "*.txt", case-insensitive), so
 * that side files such as the generator's truth .json files or a README are
 * left alone.
 *
 * Only regular files are read.  Anything else that was named, or that the
 * walk would have taken (a FIFO, a socket, a device, a missing file, a
 * directory that cannot be read), stays in the list with the reason, and
 * the loader reports it as a file it could not load without ever opening
 * it: opening a FIFO blocks, opening a device may act on it.
 *
 * Symbolic links met in a walk are not followed unless `follow` is set
 * (--follow): run as root, a link to /etc/shadow in a user's directory
 * would otherwise be read and stored.  This holds for every link, also one
 * whose target lies inside the walked tree (the target is loaded where it
 * lies, if at all).  Such a link is listed as skipped, with the reason, when
 * it points to a directory or its name matches the pattern; other links are
 * left alone like any other non-matching name.
 *
 * Each entry records the device and inode that stat saw.  The walk opens a
 * subdirectory by its path and checks that it is the directory it listed
 * (no symbolic link swapped in meanwhile), and the loader does the same for
 * each file it opens (load.c): what is read is always what the walk saw,
 * never what a path happens to lead to later.  One directory is open at a
 * time (its entries are read, then it is closed before going deeper), so a
 * deep tree does not run out of file descriptors.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINK_NOT_FOLLOWED "symbolic link, not followed (--follow follows links met in directories)"
#define DIR_LINK_NOT_FOLLOWED "symbolic link to a directory, not followed (--follow follows links met in directories)"

typedef struct visited
{
	dev_t		dev;
	ino_t		ino;
	const char *path;
	const struct visited *up;
} visited;

typedef struct
{
	file_list  *fl;
	const char *pattern;
	bool		follow;
} walker;

const char *
file_kind(unsigned mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

static file_entry *
add(file_list *fl, char *path)
{
	file_entry *e;

	if (fl->n == fl->cap)
	{
		fl->cap = fl->cap ? fl->cap * 2 : 1024;
		fl->files = xrealloc(fl->files, fl->cap * sizeof *fl->files);
	}
	e = &fl->files[fl->n++];
	memset(e, 0, sizeof *e);
	e->path = path;
	return e;
}

static void
add_file(file_list *fl, char *path, const struct stat *st, bool nofollow, bool named)
{
	file_entry *e = add(fl, path);

	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->nofollow = nofollow;
	e->named = named;
	fl->n_files++;
}

/* an entry that is reported, never opened */
static void
add_why(file_list *fl, char *path, bool skipped, bool named, char *why)
{
	file_entry *e = add(fl, path);

	e->why = why;
	e->skipped = skipped;
	e->named = named;
}

static char *
not_regular(unsigned mode)
{
	return xasprintf("not a regular file (%s), not read", file_kind(mode));
}

typedef struct
{
	char	   *path;
	dev_t		dev;
	ino_t		ino;
	bool		nofollow;
} subdir;

/*
 * Lists one directory; dev and ino are what stat said of it (it must still
 * be that directory once open).  nofollow: the directory was no symbolic
 * link when listed in its parent.
 */
/* Does name match the pattern, or one of its '|'-separated alternatives? */
static bool
pattern_match(const char *pattern, const char *name)
{
	char		one[256];

	if (!pattern)
		return true;
	for (const char *p = pattern; *p;)
	{
		const char *bar = strchr(p, '|');
		size_t		n = bar ? (size_t) (bar - p) : strlen(p);

		if (n < sizeof one)
		{
			memcpy(one, p, n);
			one[n] = '\0';
			if (fnmatch(one, name, FNM_CASEFOLD) == 0)
				return true;
		}
		if (!bar)
			break;
		p = bar + 1;
	}
	return false;
}

/* A regular file the walk leaves out: counted by extension for the summary. */
static void
pass_over(file_list *fl, const char *name)
{
	const char *dot = strrchr(name, '.');
	char		ext[16];
	int			k;

	snprintf(ext, sizeof ext, "%s", dot && dot[1] ? dot : "(no extension)");
	for (char *c = ext; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char) (*c - 'A' + 'a');
	for (k = 0; k < fl->n_passed_over; k++)
		if (strcmp(fl->passed_over[k].ext, ext) == 0)
			break;
	if (k == fl->n_passed_over)
	{
		if (k == (int) (sizeof fl->passed_over / sizeof fl->passed_over[0]))
			k--;				/* the last slot takes the rest */
		else
			fl->n_passed_over++;
		snprintf(fl->passed_over[k].ext, sizeof fl->passed_over[k].ext, "%s", k == 15 ? "other" : ext);
	}
	fl->passed_over[k].count++;
}

static void
walk(walker *w, const char *dir, dev_t dev, ino_t ino, bool nofollow, const visited *up)
{
	int			fd;
	DIR		   *d;
	struct dirent *de;
	struct stat st;
	visited		here;
	subdir	   *subs = NULL;
	size_t		nsubs = 0,
				capsubs = 0;

	for (const visited *v = up; v; v = v->up)
		if (v->dev == dev && v->ino == ino)
		{
			char	   *name = escape_name(v->path);

			add_why(w->fl, xstrdup(dir), true, false,
					xasprintf("a link back to %s (a directory loop), not searched again", name));
			free(name);
			return;
		}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0)
	{
		int			e = errno;

		add_why(w->fl, xstrdup(dir), false, up == NULL,
				e == ELOOP && nofollow
				? xstrdup("became a symbolic link while the directories were read, not followed")
				: xasprintf("cannot read the directory: %s", strerror(e)));
		return;
	}
	if (fstat(fd, &st) != 0 || st.st_dev != dev || st.st_ino != ino)
	{
		close(fd);
		add_why(w->fl, xstrdup(dir), false, up == NULL,
				xstrdup("changed while the directories were read (another directory is there now), not searched"));
		return;
	}
	d = fdopendir(fd);
	if (!d)
	{
		int			e = errno;

		add_why(w->fl, xstrdup(dir), false, up == NULL, xasprintf("cannot read the directory: %s", strerror(e)));
		close(fd);
		return;
	}
	here.dev = st.st_dev;
	here.ino = st.st_ino;
	here.path = dir;
	here.up = up;

	for (;;)
	{
		char	   *p;
		bool		match,
					is_link;

		errno = 0;
		de = readdir(d);
		if (!de)
		{
			int			e = errno;

			if (e != 0)
				add_why(w->fl, xstrdup(dir), false, up == NULL,
						xasprintf("cannot read the whole directory: %s", strerror(e)));
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		match = pattern_match(w->pattern, de->d_name);
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		{
			int			e = errno;

			/* gone since readdir: as if it had not been there */
			if (e != ENOENT && match)
				add_why(w->fl, path_join(dir, de->d_name), false, false,
						xasprintf("cannot stat: %s", strerror(e)));
			continue;
		}
		p = path_join(dir, de->d_name);
		is_link = S_ISLNK(st.st_mode);
		if (is_link)
		{
			struct stat target;
			bool		ok = fstatat(fd, de->d_name, &target, 0) == 0;
			int			e = errno;

			if (!w->follow)
			{
				/* stat only tells what it points to; nothing is opened */
				if (ok && S_ISDIR(target.st_mode))
					add_why(w->fl, p, true, false, xstrdup(DIR_LINK_NOT_FOLLOWED));
				else if (match)
					add_why(w->fl, p, true, false, xstrdup(LINK_NOT_FOLLOWED));
				else
					free(p);
				continue;
			}
			if (!ok)
			{
				if (match)
					add_why(w->fl, p, false, false,
							xasprintf("symbolic link to nothing that can be read (%s)", strerror(e)));
				else
					free(p);
				continue;
			}
			st = target;
		}
		if (S_ISDIR(st.st_mode))
		{
			if (nsubs == capsubs)
			{
				capsubs = capsubs ? capsubs * 2 : 16;
				subs = xrealloc(subs, capsubs * sizeof *subs);
			}
			subs[nsubs].path = p;
			subs[nsubs].dev = st.st_dev;
			subs[nsubs].ino = st.st_ino;
			subs[nsubs].nofollow = !is_link;	/* one reached through a link is opened following it */
			nsubs++;
			continue;
		}
		if (!match)
		{
			if (S_ISREG(st.st_mode))
				pass_over(w->fl, de->d_name);
			free(p);
		}
		else if (S_ISREG(st.st_mode))
			add_file(w->fl, p, &st, !is_link, false);
		else
			add_why(w->fl, p, false, false, not_regular(st.st_mode));
	}
	closedir(d);				/* closes fd */

	for (size_t i = 0; i < nsubs; i++)
	{
		walk(w, subs[i].path, subs[i].dev, subs[i].ino, subs[i].nofollow, &here);
		free(subs[i].path);
	}
	free(subs);
}

static int
cmp_entries(const void *a, const void *b)
{
	const file_entry *x = a,
			   *y = b;
	int			c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	/* the same path twice: what was named on the command line comes first */
	return (int) y->named - (int) x->named;
}

void
files_expand(file_list *fl, char **args, int nargs, const char *pattern, bool follow)
{
	walker		w = {.fl = fl, .pattern = pattern, .follow = follow};
	struct stat st;
	size_t		j = 0;

	memset(fl, 0, sizeof *fl);
	for (int i = 0; i < nargs; i++)
	{
		/* named on the command line: links are followed */
		if (stat(args[i], &st) != 0)
		{
			int			e = errno;

			add_why(fl, xstrdup(args[i]), false, true, xasprintf("cannot open: %s", strerror(e)));
		}
		else if (S_ISDIR(st.st_mode))
			walk(&w, args[i], st.st_dev, st.st_ino, false, NULL);
		else if (S_ISREG(st.st_mode))
			add_file(fl, xstrdup(args[i]), &st, false, true);
		else
			add_why(fl, xstrdup(args[i]), false, true, not_regular(st.st_mode));
	}
	if (fl->n == 0)
		return;
	qsort(fl->files, fl->n, sizeof *fl->files, cmp_entries);
	fl->n_files = 0;
	for (size_t i = 0; i < fl->n; i++)
	{
		file_entry *e = &fl->files[i];

		if (j > 0 && strcmp(fl->files[j - 1].path, e->path) == 0)
		{
			free(e->path);
			free(e->why);
			continue;
		}
		fl->files[j++] = *e;
		if (!e->why)
			fl->n_files++;
	}
	fl->n = j;
}

void
files_free(file_list *fl)
{
	for (size_t i = 0; i < fl->n; i++)
	{
		free(fl->files[i].path);
		free(fl->files[i].why);
	}
	free(fl->files);
	memset(fl, 0, sizeof *fl);
}
