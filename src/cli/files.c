/*
 * files.c — FILE|DIR arguments -> a sorted list of files to load.
 *
 * A FILE argument is loaded whatever its name.  A DIR argument is walked
 * recursively (symbolic links followed, each directory once; names starting
 * with "." skipped), keeping the regular files whose name matches the
 * pattern (default "*.txt", case-insensitive), so that side files such as
 * the generator's truth .json files or a README are left alone.  An
 * argument that does not exist stays in the list: the loader reports it as
 * a file it could not load.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct visited
{
	dev_t		dev;
	ino_t		ino;
	const struct visited *up;
} visited;

static void
add(file_list *fl, char *path)
{
	if (fl->n == fl->cap)
	{
		fl->cap = fl->cap ? fl->cap * 2 : 1024;
		fl->paths = xrealloc(fl->paths, fl->cap * sizeof *fl->paths);
	}
	fl->paths[fl->n++] = path;
}

static void
walk(file_list *fl, const char *dir, const char *pattern, const visited *up)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	visited		here;

	if (!d)
	{
		/* reported by the loader as a file it could not load */
		add(fl, xstrdup(dir));
		return;
	}
	if (fstat(dirfd(d), &st) == 0)
	{
		for (const visited *v = up; v; v = v->up)
			if (v->dev == st.st_dev && v->ino == st.st_ino)
			{
				closedir(d);	/* a link back to an ancestor */
				return;
			}
		here.dev = st.st_dev;
		here.ino = st.st_ino;
	}
	else
		here.dev = 0, here.ino = 0;
	here.up = up;

	while ((e = readdir(d)) != NULL)
	{
		char	   *p;

		if (e->d_name[0] == '.')
			continue;
		p = path_join(dir, e->d_name);
		if (e->d_type == DT_REG)
		{
			/* no stat needed */
			if (!pattern || fnmatch(pattern, e->d_name, FNM_CASEFOLD) == 0)
				add(fl, p);
			else
				free(p);
			continue;
		}
		if (stat(p, &st) != 0)
		{
			/* dangling link and the like: only if it looks like a report */
			if (!pattern || fnmatch(pattern, e->d_name, FNM_CASEFOLD) == 0)
				add(fl, p);
			else
				free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode))
		{
			walk(fl, p, pattern, &here);
			free(p);
		}
		else if (S_ISREG(st.st_mode) &&
				 (!pattern || fnmatch(pattern, e->d_name, FNM_CASEFOLD) == 0))
			add(fl, p);
		else
			free(p);
	}
	closedir(d);
}

static int
cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

void
files_expand(file_list *fl, char **args, int nargs, const char *pattern)
{
	struct stat st;
	size_t		j = 0;

	memset(fl, 0, sizeof *fl);
	for (int i = 0; i < nargs; i++)
	{
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
			walk(fl, args[i], pattern, NULL);
		else
		{
			if (stat(args[i], &st) != 0)
				fl->n_missing++;
			add(fl, xstrdup(args[i]));
		}
	}
	if (fl->n == 0)
		return;
	qsort(fl->paths, fl->n, sizeof *fl->paths, cmp_paths);
	for (size_t i = 0; i < fl->n; i++)
	{
		if (j > 0 && strcmp(fl->paths[j - 1], fl->paths[i]) == 0)
			free(fl->paths[i]);
		else
			fl->paths[j++] = fl->paths[i];
	}
	fl->n = j;
}

void
files_free(file_list *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->paths[i]);
	free(fl->paths);
	memset(fl, 0, sizeof *fl);
}
