#!/usr/bin/env python3
"""Static check of gaireport's extension scripts (sql/gaireport--*.sql).

An extension script runs as a superuser with the extension's schema in the
search path; another role that may create objects there can plant functions
and operators that match a call better than pg_catalog's (PostgreSQL
documentation, "Security Considerations for Extension Scripts").  This check
reports, with file and line:

  call      a function call not qualified by pg_catalog. or @extschema@.
            (SQL syntax that looks like a call is allowed: COALESCE, NULLIF,
            CAST, EXISTS, IN, ANY, ARRAY, ROW, VALUES, FILTER, OVER, type
            modifiers, column lists after AS/KEY/UNIQUE/..., and so on)
  relation  a table, view, sequence, type or function named after FROM, JOIN,
            INSERT INTO, UPDATE, TABLE, VIEW, SEQUENCE, FUNCTION, TYPE,
            REFERENCES, COMMENT ON COLUMN, CREATE INDEX/TRIGGER ... ON without
            pg_catalog. or @extschema@. (pg_temp. for tables; CTE names pass)
  operator  OPERATOR(x) not qualified; ->> -> #>> #> written bare (an untyped
            key makes a planted (jsonb, jsonb) operator the better match);
            IN (...) and CASE x WHEN, which pick = by the search path;
            NULLIF(x, 0) with a bare number (a planted =(numeric, integer)
            matches better than pg_catalog's =(numeric, numeric))
  path      a script that does not start by pinning its search path
            (SET LOCAL search_path = pg_catalog, pg_temp), or a SQL or
            PL/pgSQL function without SET search_path

SQL inside the scripts' strings is checked too: dollar-quoted bodies (DO
blocks, function bodies, format() templates) and single-quoted strings that
are the template of format() or the argument of EXECUTE; format's %s, %I, %L
stand for a value.  Other strings (comments, messages, keys) are data.

Usage: sql_qualified.py FILE...        exit 1 when anything is reported
       sql_qualified.py --self-test    the check's own cases
"""
import re
import sys

ALLOWED_QUALIFIERS = {'pg_catalog', '@extschema@'}
# followed by "(" without being a function call
SYNTAX = {
    # expressions
    'coalesce', 'nullif', 'greatest', 'least', 'cast', 'exists', 'in', 'any', 'all', 'some',
    'array', 'row', 'values', 'case', 'when', 'then', 'else', 'end', 'extract', 'overlay',
    'position', 'substring', 'trim', 'normalize', 'treat', 'xmlelement', 'xmlforest',
    'xmlconcat', 'xmlparse', 'xmlpi', 'xmlroot', 'xmlserialize', 'xmlexists', 'grouping',
    'collation', 'filter', 'over', 'within', 'group', 'by', 'partition', 'and', 'or', 'not',
    'is', 'distinct', 'from', 'between', 'like', 'ilike', 'similar', 'escape', 'as', 'on',
    'using', 'with', 'select', 'where', 'having', 'limit', 'offset', 'fetch', 'union',
    'intersect', 'except', 'returning', 'into', 'set', 'default', 'variadic', 'lateral',
    'join', 'ordinality', 'table', 'returns', 'return', 'if', 'elsif', 'while', 'perform',
    'execute', 'query', 'raise', 'loop', 'foreach', 'for', 'do', 'begin', 'declare',
    'language', 'recursive', 'only', 'out', 'inout', 'of',
    # DDL
    'key', 'unique', 'check', 'references', 'exclude', 'include', 'primary', 'foreign',
    'constraint', 'generated', 'identity', 'storage', 'compression',
    # type modifiers
    'numeric', 'decimal', 'varchar', 'char', 'character', 'varying', 'bit', 'time',
    'timestamp', 'interval', 'float', 'precision', 'dec',
}
KEYWORDS = SYNTAX | {
    'create', 'or', 'replace', 'temp', 'temporary', 'unlogged', 'materialized', 'view',
    'function', 'procedure', 'trigger', 'index', 'sequence', 'type', 'schema', 'extension',
    'if', 'not', 'exists', 'only', 'lateral', 'cross', 'inner', 'left', 'right', 'full',
    'outer', 'natural', 'concurrently', 'each', 'before', 'after', 'instead', 'insert',
    'update', 'delete', 'truncate', 'comment', 'drop', 'alter', 'analyze',
}
OPCHARS = set('+-*/<>=~!@#%^&|`?')
JSON_OPS = {'->>', '->', '#>>', '#>'}
PLACEHOLDER = re.compile(r'%(?:\d+\$)?-?\d*[sIL]|%%')


class Tok:
    __slots__ = ('kind', 'text', 'pos', 'inner', 'inner_pos')

    def __init__(self, kind, text, pos, inner=None, inner_pos=None):
        self.kind, self.text, self.pos, self.inner, self.inner_pos = kind, text, pos, inner, inner_pos

    @property
    def low(self):
        return self.text.lower()

    def __repr__(self):
        return f'{self.kind}:{self.text!r}'


def tokenize(s, base):
    """Tokens of SQL text s; positions are base + offset.  Kinds: ident
    (names, keywords, @extschema@, quoted names), num, str (single-quoted,
    .inner = content), dollar (.inner = body), op, punct."""
    toks = []
    i, n = 0, len(s)
    line_start = True
    while i < n:
        c = s[i]
        if c == '\n':
            line_start = True
            i += 1
            continue
        if c in ' \t\r\f':
            i += 1
            continue
        if line_start and c == '\\':           # psql meta-command line
            j = s.find('\n', i)
            i = n if j < 0 else j
            continue
        line_start = False
        if s.startswith('--', i):
            j = s.find('\n', i)
            i = n if j < 0 else j
            continue
        if s.startswith('/*', i):
            depth, j = 1, i + 2
            while j < n and depth:
                if s.startswith('/*', j):
                    depth, j = depth + 1, j + 2
                elif s.startswith('*/', j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            i = j
            continue
        if c == "'" or (c in 'eE' and i + 1 < n and s[i + 1] == "'"
                        and not (i > 0 and (s[i - 1].isalnum() or s[i - 1] == '_'))):
            esc = c != "'"
            j = i + (2 if esc else 1)
            start = j
            while j < n:
                if esc and s[j] == '\\':
                    j += 2
                    continue
                if s[j] == "'":
                    if j + 1 < n and s[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            content = s[start:j].replace("''", "' ")     # same length: positions stay right
            toks.append(Tok('str', s[i:j + 1], base + i, content, base + start))
            i = j + 1
            continue
        m = re.compile(r'\$([A-Za-z_][A-Za-z0-9_]*)?\$').match(s, i)
        if m and not (i > 0 and (s[i - 1].isalnum() or s[i - 1] == '_')):
            tag = m.group(0)
            j = s.find(tag, m.end())
            if j < 0:
                j = n
            toks.append(Tok('dollar', s[i:j + len(tag)], base + i, s[m.end():j], base + m.end()))
            i = j + len(tag)
            continue
        if s.startswith('@extschema@', i):
            toks.append(Tok('ident', '@extschema@', base + i))
            i += len('@extschema@')
            continue
        if c == '"':
            j = s.find('"', i + 1)
            while j >= 0 and j + 1 < n and s[j + 1] == '"':
                j = s.find('"', j + 2)
            j = n - 1 if j < 0 else j
            toks.append(Tok('ident', s[i:j + 1], base + i))
            i = j + 1
            continue
        if c.isalpha() or c == '_':
            m = re.compile(r'[A-Za-z_][A-Za-z0-9_$]*').match(s, i)
            toks.append(Tok('ident', m.group(0), base + i))
            i = m.end()
            continue
        if c.isdigit():
            m = re.compile(r'\d+(\.\d+)?([eE][-+]?\d+)?').match(s, i)
            toks.append(Tok('num', m.group(0), base + i))
            i = m.end()
            continue
        if c == '.' and s.startswith('..', i):
            toks.append(Tok('op', '..', base + i))
            i += 2
            continue
        if c == ':' and s.startswith('::', i):
            toks.append(Tok('punct', '::', base + i))
            i += 2
            continue
        if c in OPCHARS:
            j = i
            while j < n and s[j] in OPCHARS and not s.startswith('--', j) and not s.startswith('/*', j):
                j += 1
            toks.append(Tok('op', s[i:j], base + i))
            i = j
            continue
        toks.append(Tok('punct', c, base + i))
        i += 1
    return toks


class Checker:
    def __init__(self, path, text):
        self.path, self.text, self.problems = path, text, []

    def report(self, pos, kind, msg):
        line = self.text.count('\n', 0, pos) + 1
        excerpt = self.text.splitlines()[line - 1].strip() if self.text else ''
        self.problems.append((line, pos, f'{self.path}:{line}: {kind}: {msg}\n    {excerpt[:150]}'))

    # ------------------------------------------------------------ helpers
    @staticmethod
    def qualified_name(toks, k):
        """(qualifier or None, last name, index after the name) of the
        possibly qualified name starting at toks[k]."""
        parts = [toks[k].text]
        j = k + 1
        while j + 1 < len(toks) and toks[j].text == '.' and toks[j + 1].kind in ('ident', 'num'):
            parts.append(toks[j + 1].text)
            j += 2
        return (parts[0] if len(parts) > 1 else None), parts[-1], j

    def check_relation(self, toks, k, ctes, what, allow_temp=True):
        """toks[k] should name a relation/type/function: qualified, or a CTE."""
        while k < len(toks) and toks[k].kind == 'ident' and toks[k].low in ('only', 'lateral', 'if', 'not', 'exists'):
            k += 1
        if k >= len(toks) or toks[k].kind != 'ident' or toks[k].low in KEYWORDS - {'now'}:
            return                      # a subquery, a placeholder, a keyword
        qual, name, _ = self.qualified_name(toks, k)
        if qual is None:
            if name.lower() in ctes:
                return
            if k + 1 < len(toks) and toks[k + 1].text == '(' and what in ('FROM', 'JOIN'):
                return                  # a function in FROM: the call rule sees it
            self.report(toks[k].pos, 'relation', f'{what} {name}: not schema-qualified')
        elif qual not in ALLOWED_QUALIFIERS and not (allow_temp and qual == 'pg_temp'):
            self.report(toks[k].pos, 'relation', f'{what} {qual}.{name}: qualified by {qual}')

    # ------------------------------------------------------------ a region of SQL
    def region(self, s, base, top=False):
        s = PLACEHOLDER.sub(lambda m: '0'.ljust(len(m.group(0))), s)
        toks = tokenize(s, base)
        ctes = {toks[i].low for i in range(len(toks) - 2)
                if toks[i].kind == 'ident' and toks[i + 1].low == 'as' and toks[i + 2].text == '('
                and i > 0 and (toks[i - 1].low in ('with', 'recursive') or toks[i - 1].text == ',')}
        if top:
            self.check_path(toks)
        self.check_tokens(toks, ctes)
        # strings that hold SQL
        for i, t in enumerate(toks):
            prev = toks[i - 1] if i > 0 else None
            if t.kind == 'dollar':
                if prev is not None and prev.low == 'is':
                    continue            # COMMENT ... IS $$text$$
                self.region(t.inner, t.inner_pos)
            elif t.kind == 'str' and prev is not None:
                template = prev.low == 'execute' or (
                    prev.text == '(' and i >= 2 and toks[i - 2].low == 'format')
                if template:
                    self.region(t.inner, t.inner_pos)

    def check_path(self, toks):
        stmt = []
        for t in toks:
            if t.text == ';':
                break
            stmt.append(t.low)
        if stmt[:3] != ['set', 'local', 'search_path'] or [x for x in stmt[3:] if x not in ('=', 'to', ',')] != ['pg_catalog', 'pg_temp']:
            pos = toks[0].pos if toks else 0
            self.report(pos, 'path', 'the first statement must be SET LOCAL search_path = pg_catalog, pg_temp')
        # SQL / PL/pgSQL functions must pin search_path
        start = 0
        for i, t in enumerate(toks + [Tok('punct', ';', len(self.text))]):
            if t.text != ';':
                continue
            st = toks[start:i]
            start = i + 1
            low = [x.low for x in st]
            if not low or low[0] != 'create' or 'function' not in low[:4]:
                continue
            if 'language' in low:
                lang = low[low.index('language') + 1]
                lang = lang.strip("'")
                if lang in ('c', 'internal'):
                    continue
            has_set = any(low[j] == 'set' and j + 1 < len(low) and low[j + 1] == 'search_path'
                          for j in range(len(low)))
            if not has_set:
                self.report(st[0].pos, 'path', 'a SQL or PL/pgSQL function without SET search_path')

    def check_tokens(self, toks, ctes):
        n = len(toks)
        stmt_start = 0
        paren_openers = []
        for i, t in enumerate(toks):
            prev = toks[i - 1] if i > 0 else None
            nxt = toks[i + 1] if i + 1 < n else None
            if t.text == ';':
                stmt_start = i + 1
            if t.text == '(':
                paren_openers.append(prev.low if prev is not None else '')
            elif t.text == ')' and paren_openers:
                paren_openers.pop()

            # ---- calls
            if t.kind == 'ident' and nxt is not None and nxt.text == '(':
                if prev is not None and prev.text == '.':
                    qual = toks[i - 2].text if i >= 2 else ''
                    if qual not in ALLOWED_QUALIFIERS and not (qual == 'pg_temp' and i >= 3 and toks[i - 3].low in ('table', 'into')):
                        self.report(t.pos, 'call', f'{qual}.{t.text}(: qualified by {qual}')
                elif t.low == 'operator':
                    if not (i + 3 < n and toks[i + 2].text in ALLOWED_QUALIFIERS and toks[i + 3].text == '.'):
                        self.report(t.pos, 'operator', 'OPERATOR(...) not qualified by pg_catalog. or @extschema@.')
                elif t.low in SYNTAX:
                    pass
                elif prev is not None and prev.low == 'as':
                    pass                # alias column list: AS v(value, idx)
                elif prev is not None and prev.low in ('index', 'trigger', 'constraint'):
                    pass                # a name being created, then ON ...
                elif prev is not None and prev.low in ('table', 'into', 'on', 'references', 'view',
                                                       'sequence', 'type', 'function'):
                    pass                # a relation or function named: the relation rule sees it
                else:
                    self.report(t.pos, 'call', f'{t.text}(: not schema-qualified')

            # ---- operators
            if t.kind == 'op' and t.text in JSON_OPS:
                if not (prev is not None and prev.text in ('.', '(') and i >= 2
                        and toks[i - 2].text in ALLOWED_QUALIFIERS | {'OPERATOR', 'operator'}):
                    self.report(t.pos, 'operator', f'{t.text} written bare: write OPERATOR(pg_catalog.{t.text})')
            if t.low == 'in' and nxt is not None and nxt.text == '(':
                self.report(t.pos, 'operator', 'IN (...) picks = by the search path: write OPERATOR(pg_catalog.=) ANY (...)')
            if t.low == 'case' and nxt is not None and nxt.low != 'when':
                self.report(t.pos, 'operator', 'CASE x WHEN picks = by the search path: write CASE WHEN x OPERATOR(pg_catalog.=) ...')
            if t.low == 'nullif' and nxt is not None and nxt.text == '(':
                depth, j, args = 0, i + 1, [[]]
                while j < n:
                    if toks[j].text == '(':
                        depth += 1
                        if depth == 1:
                            j += 1
                            continue
                    elif toks[j].text == ')':
                        depth -= 1
                        if depth == 0:
                            break
                    if depth == 1 and toks[j].text == ',':
                        args.append([])
                    else:
                        args[-1].append(toks[j])
                    j += 1
                if len(args) == 2 and any(len(a) == 1 and a[0].kind == 'num' for a in args):
                    self.report(t.pos, 'operator', 'NULLIF with a bare number: cast it to the other argument\'s type')

            # ---- the extension's own names (gai_*) anywhere: a type, a cast, a relation
            if t.kind == 'ident' and t.low.startswith('gai_') \
                    and not (prev is not None and prev.text == '.') \
                    and not (prev is not None and prev.low in ('index', 'trigger', 'constraint', 'as')) \
                    and not (nxt is not None and nxt.text == '.' and i + 2 < n and toks[i + 2].kind == 'ident'
                             and prev is not None and prev.low == 'column'):
                self.report(t.pos, 'relation', f'{t.text}: an object of the extension named without @extschema@.')

            # ---- a name in a string read as a relation: 'x'::regclass, pg_extension_config_dump('x', ...)
            if t.kind == 'str' and re.fullmatch(r'\s*"?gai_\w*"?\s*', t.inner or ''):
                as_regclass = nxt is not None and nxt.text == '::' and any(
                    x.low == 'regclass' for x in toks[i + 2:i + 5])
                dumped = prev is not None and prev.text == '(' and i >= 2 \
                    and toks[i - 2].low == 'pg_extension_config_dump'
                if as_regclass or dumped:
                    self.report(t.pos, 'relation', f'{t.text}: a relation named in a string without @extschema@.')

            # ---- relations and other named objects
            if t.kind != 'ident':
                continue
            low = t.low
            stmt = [x.low for x in toks[stmt_start:i]]
            if low == 'from' and not (prev is not None and prev.low == 'distinct') \
                    and not (paren_openers and paren_openers[-1] in ('extract', 'substring', 'trim', 'overlay', 'position')):
                self.check_relation(toks, i + 1, ctes, 'FROM')
                # the rest of the FROM list
                depth, j = 0, i + 1
                while j < n:
                    x = toks[j]
                    if x.text in ('(', '['):
                        depth += 1
                    elif x.text in (')', ']'):
                        depth -= 1
                        if depth < 0:
                            break
                    elif depth == 0 and (x.text == ';' or x.kind == 'dollar' or x.low in (
                            'where', 'group', 'order', 'having', 'limit', 'offset', 'union', 'except',
                            'intersect', 'window', 'for', 'returning', 'on', 'using', 'loop', 'then',
                            'join', 'into', 'select')):
                        break
                    elif depth == 0 and x.text == ',':
                        self.check_relation(toks, j + 1, ctes, 'FROM')
                    j += 1
            elif low == 'join':
                self.check_relation(toks, i + 1, ctes, 'JOIN')
            elif low == 'into' and prev is not None and prev.low == 'insert':
                self.check_relation(toks, i + 1, set(), 'INSERT INTO')
            elif low == 'update' and i == stmt_start:
                self.check_relation(toks, i + 1, set(), 'UPDATE')
            elif low in ('table', 'sequence', 'view') and not (nxt is not None and nxt.text == '('):
                self.check_relation(toks, i + 1, set(), low.upper())
            elif low == 'function' and prev is not None and prev.low in ('create', 'replace', 'on', 'execute', 'drop', 'alter'):
                self.check_relation(toks, i + 1, set(), 'FUNCTION', allow_temp=False)
            elif low == 'type' and prev is not None and prev.low in ('create', 'on', 'drop', 'alter'):
                self.check_relation(toks, i + 1, set(), 'TYPE', allow_temp=False)
            elif low == 'references':
                self.check_relation(toks, i + 1, set(), 'REFERENCES')
            elif low in ('analyze', 'truncate', 'vacuum', 'cluster') and i == stmt_start:
                self.check_relation(toks, i + 1, set(), low.upper())
            elif low == 'column' and stmt[:2] == ['comment', 'on']:
                self.check_relation(toks, i + 1, set(), 'COMMENT ON COLUMN')
            elif low == 'on' and stmt[:1] == ['create'] and ('index' in stmt[:4] or 'trigger' in stmt[:4]) \
                    and 'on' not in stmt:
                self.check_relation(toks, i + 1, set(), 'ON')


def check_file(path):
    text = open(path, encoding='utf-8').read()
    c = Checker(path, text)
    c.region(text, 0, top=True)
    return [p[2] for p in sorted(c.problems)]


SELF_TESTS = [
    # (SQL after the pin, number of problems expected)
    ("SELECT pg_catalog.format('%s', 1);", 0),
    ("SELECT format('%s', 1);", 1),
    ("SELECT public.format('%s', 1);", 1),
    ("CREATE VIEW @extschema@.v AS SELECT pg_catalog.count(*) FROM @extschema@.t WHERE x IS NOT NULL;", 0),
    ("CREATE VIEW @extschema@.v AS SELECT count(*) FROM @extschema@.t;", 1),
    ("CREATE VIEW @extschema@.v AS SELECT 1 FROM t;", 1),
    ("CREATE VIEW v AS SELECT 1 FROM @extschema@.t;", 1),
    ("SELECT 1 FROM @extschema@.t a, unnest(a.x) u;", 1),
    ("SELECT 1 FROM @extschema@.t a, other b;", 1),
    ("SELECT 1 FROM @extschema@.t a JOIN other b ON true;", 1),
    ("SELECT 1 FROM @extschema@.t a CROSS JOIN LATERAL pg_catalog.unnest(a.x) WITH ORDINALITY AS u(v, i);", 0),
    ("WITH c AS (SELECT 1) SELECT * FROM c;", 0),
    ("SELECT a IS DISTINCT FROM b.c FROM @extschema@.t b;", 0),
    ("SELECT x->>'k' FROM @extschema@.t;", 1),
    ("SELECT x OPERATOR(pg_catalog.->>) 'k' FROM @extschema@.t;", 0),
    ("SELECT x OPERATOR(->>) 'k' FROM @extschema@.t;", 1),
    ("SELECT 1 FROM @extschema@.t WHERE a IN ('x', 'y');", 1),
    ("SELECT 1 FROM @extschema@.t WHERE a OPERATOR(pg_catalog.=) ANY (ARRAY['x', 'y']);", 0),
    ("SELECT CASE a WHEN 'x' THEN 1 END FROM @extschema@.t;", 1),
    ("SELECT CASE WHEN a OPERATOR(pg_catalog.=) 'x' THEN 1 END FROM @extschema@.t;", 0),
    ("SELECT NULLIF(pg_catalog.sum(x), 0) FROM @extschema@.t;", 1),
    ("SELECT NULLIF(pg_catalog.sum(x), 0::numeric) FROM @extschema@.t;", 0),
    ("DO $$ BEGIN EXECUTE pg_catalog.format('SELECT sum(%s) FROM %I', 'x', 't'); END $$;", 1),
    ("DO $$ BEGIN EXECUTE pg_catalog.format($v$SELECT pg_catalog.sum(%s) FROM @extschema@.%I$v$, 'x', 't'); END $$;", 0),
    ("DO $$ BEGIN EXECUTE 'SELECT lower(''A'')'; END $$;", 1),
    ("DO $$ BEGIN RAISE NOTICE 'call lower(x) from %', 1; END $$;", 0),
    ("COMMENT ON VIEW @extschema@.v IS 'count(*) of gai_check(body) rows';", 0),
    ("COMMENT ON COLUMN v.c IS 'x';", 1),
    ("CREATE TABLE @extschema@.t (id bigserial PRIMARY KEY, n numeric(10, 2), v varchar(3), UNIQUE (n), CHECK (n > 0));", 0),
    ("CREATE TABLE t (id integer);", 1),
    ("INSERT INTO t (a) VALUES (1);", 1),
    ("INSERT INTO @extschema@.t (a) SELECT a FROM @extschema@.f();", 0),
    ("CREATE INDEX i ON @extschema@.t (a);", 0),
    ("CREATE INDEX i ON t (a);", 1),
    ("CREATE TRIGGER tr BEFORE INSERT OR UPDATE ON @extschema@.t FOR EACH ROW EXECUTE FUNCTION @extschema@.f();", 0),
    ("CREATE TRIGGER tr BEFORE INSERT ON @extschema@.t FOR EACH ROW EXECUTE FUNCTION f();", 1),
    ("CREATE FUNCTION @extschema@.f() RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN END $$;", 0),
    ("CREATE FUNCTION @extschema@.f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;", 1),
    ("CREATE FUNCTION @extschema@.f() RETURNS integer LANGUAGE sql AS $$ SELECT length('x') $$;", 2),
    ("CREATE FUNCTION @extschema@.f(body text, OUT a text) RETURNS SETOF record AS 'MODULE_PATHNAME', 'f' LANGUAGE C STRICT;", 0),
    ("CREATE TEMP TABLE pg_temp.s (a text); DROP TABLE pg_temp.s;", 0),
    ("SELECT pg_temp.f();", 1),
    ("SELECT x::numeric(10, 2), CAST(y AS varchar(3)), COALESCE(a, b), pg_catalog.count(*) FILTER (WHERE c) FROM @extschema@.t;", 0),
    ("SELECT extract(year FROM d) FROM @extschema@.t;", 0),
    ("CREATE FUNCTION @extschema@.f(body text) RETURNS gai_report AS 'MODULE_PATHNAME', 'f' LANGUAGE C;", 1),
    ("SELECT x::@extschema@.gai_report, y::gai_report FROM @extschema@.t;", 1),
    ("CREATE UNIQUE INDEX gai_t_key ON @extschema@.gai_t (a); ALTER TABLE @extschema@.gai_t ADD CONSTRAINT gai_c UNIQUE (a);", 0),
    ("ANALYZE gai_cell_codes;", 2),
    ("ANALYZE @extschema@.gai_cell_codes;", 0),
    ("SELECT pg_catalog.pg_extension_config_dump('gai_reports', '');", 1),
    ("SELECT pg_catalog.pg_extension_config_dump('@extschema@.gai_reports', ''), 'gai_x'::regclass;", 1),
]


def self_test():
    bad = 0
    for sql, want in SELF_TESTS:
        c = Checker('<self-test>', 'SET LOCAL search_path = pg_catalog, pg_temp;\n' + sql)
        c.region(c.text, 0, top=True)
        if len(c.problems) != want:
            bad += 1
            print(f'self-test: {len(c.problems)} problems, want {want}: {sql}')
            for p in sorted(c.problems):
                print('   ', p[2])
    c = Checker('<self-test>', 'SELECT pg_catalog.now();')
    c.region(c.text, 0, top=True)
    if len(c.problems) != 1:
        bad += 1
        print('self-test: a script without the pin is not reported')
    print(f'self-test: {len(SELF_TESTS) + 1 - bad} of {len(SELF_TESTS) + 1} cases as expected')
    return bad == 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return 0 if self_test() else 1
    if len(argv) < 2:
        print(__doc__)
        return 2
    problems = []
    for path in argv[1:]:
        problems += check_file(path)
    for p in problems:
        print(p)
    print(f'{len(argv) - 1} files, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
