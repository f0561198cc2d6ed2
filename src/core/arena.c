/*
 * arena.c — bump allocation for one parse.  Every allocation of a parse is
 * released at once; blocks come from the host's hooks (palloc in PostgreSQL).
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

struct gai_block
{
	gai_block  *next;
	size_t		size;
};

#define BLOCK_MIN (64 * 1024)
#define BLOCK_MAX (8 * 1024 * 1024)
#define ALIGN(n) (((n) + 15) & ~(size_t) 15)

void
arena_init(gai_arena *a, const gai_hooks *hooks)
{
	a->hooks = hooks;
	a->total = 0;
	a->head = NULL;
	a->cur = NULL;
	a->left = 0;
	a->scur = NULL;
	a->sleft = 0;
}

void *
arena_alloc(gai_arena *a, size_t size)
{
	void	   *p;

	size = ALIGN(size ? size : 1);
	if (size > a->left)
	{
		/* big requests get a block of their own; otherwise blocks grow */
		size_t		bsize = size + ALIGN(sizeof(gai_block));
		gai_block  *b;

		/*
		 * A new block is a third of what the parse holds already (at least
		 * 64 kB, at most 8 MB): the unused tail stays within a third of the
		 * total, and a huge text needs few blocks (cheap to free on cancel).
		 */
		size_t		third = a->total / 3;

		if (third > BLOCK_MAX)
			third = BLOCK_MAX;
		if (bsize < BLOCK_MIN)
			bsize = BLOCK_MIN;
		if (bsize < third)
			bsize = third;
		b = a->hooks->alloc(a->hooks->ctx, bsize);
		b->size = bsize;
		a->total += bsize;
		b->next = a->head;
		a->head = b;
		a->cur = (char *) b + ALIGN(sizeof(gai_block));
		a->left = bsize - ALIGN(sizeof(gai_block));
	}
	p = a->cur;
	a->cur += size;
	a->left -= size;
	return p;
}

void *
arena_alloc0(gai_arena *a, size_t size)
{
	void	   *p = arena_alloc(a, size);

	memset(p, 0, size);
	return p;
}

char *
arena_strndup(gai_arena *a, const char *s, size_t n)
{
	char	   *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strpack(gai_arena *a, const char *s, size_t n)
{
	char	   *p;

	if (n + 1 > a->sleft)
	{
		size_t		chunk = n + 1 > 4096 ? n + 1 : 4096;

		a->scur = arena_alloc(a, chunk);
		a->sleft = chunk;
	}
	p = a->scur;
	memcpy(p, s, n);
	p[n] = '\0';
	a->scur += n + 1;
	a->sleft -= n + 1;
	return p;
}

char *
arena_printf(gai_arena *a, const char *fmt,...)
{
	va_list		ap;
	char		small[256];
	int			n;
	char	   *p;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strndup(a, "", 0);
	if ((size_t) n < sizeof small)
		return arena_strndup(a, small, (size_t) n);
	p = arena_alloc(a, (size_t) n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t) n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_release(gai_arena *a)
{
	gai_block  *b = a->head;

	while (b)
	{
		gai_block  *next = b->next;

		a->hooks->free(a->hooks->ctx, b);
		b = next;
	}
	a->head = NULL;
	a->cur = NULL;
	a->left = 0;
	a->scur = NULL;
	a->sleft = 0;
}

void
vec_reserve(gai_arena *a, gai_vec *v, size_t elsz, int cap)
{
	if (cap > v->cap)
	{
		void	   *nd = arena_alloc(a, elsz * (size_t) cap);

		if (v->n)
			memcpy(nd, v->data, elsz * (size_t) v->n);
		v->data = nd;
		v->cap = cap;
	}
}

void *
vec_push(gai_arena *a, gai_vec *v, size_t elsz)
{
	if (v->n == v->cap)
	{
		int			ncap = v->cap ? v->cap * 2 : 16;
		void	   *nd = arena_alloc(a, elsz * (size_t) ncap);

		if (v->n)
			memcpy(nd, v->data, elsz * (size_t) v->n);
		v->data = nd;
		v->cap = ncap;
	}
	return (char *) v->data + elsz * (size_t) v->n++;
}
