-- gaireport: bad HTML never crashes, hangs or expands.
--
-- Run from the repository root (a rendered page is read with a relative path):
--   pg_prove -d DB test/pgtap/html_badinput.sql
--
-- For every bad web page (a 50 MB page: one rendered page's body repeated in one
-- document, and the whole page repeated; one 50 MB table; 100,000 nested <div>;
-- 10,000 unclosed <table><tr><td>; entity expansion attempts: &lt; repeated, &amp;
-- nested, numeric entities of every kind, a DOCTYPE whose internal subset defines
-- entities (billion laughs, an external entity on /etc/passwd); binary junk
-- holding <table and <td):
--   * gai_report and gai_is_valid live and agree with each other;
--   * gai_parse returns rows or raises 22P02 (always 22P02 where no report table
--     is in the page), gai_check and gai_sections rows or 22P02; rows well formed;
--   * every call returns within a bound, and its time is printed;
--   * entities are not expanded: no entity of a DOCTYPE is replaced, &amp;amp;…
--     is unescaped once, not again and again;
--   * a page that holds no report: template NULL, cell_count 0, warnings, not valid.
-- Last, statement_timeout cancels gai_report (and gai_parse) on the 50 MB inputs
-- within 1 s of firing, and the backend is sound afterwards.
--
-- The 50 MB inputs run gai_report and gai_parse only (the others go through the same
-- reader), to keep the file near 30 s on a 2-core machine. Timings are printed at the end.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

\set page `cat test/fixtures/html/000001.html`

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS gaireport;

SELECT plan(119);

CREATE TEMP TABLE start AS SELECT pg_backend_pid() AS pid;

-- ------------------------------------------------------------ helpers

-- Runs one function on body; never raises (but for a cancel).
-- outcome: 'ok' or 'SQLSTATE: message'; n_bad counts malformed rows; txt is the
-- text gai_sections returns (headings and contents), kept when under 4 MB.
CREATE FUNCTION pg_temp.outcome(fn text, body text,
    OUT outcome text, OUT ms numeric, OUT n_rows bigint, OUT n_ok bigint, OUT n_bad bigint,
    OUT n_err bigint, OUT rep public.gai_report, OUT valid boolean, OUT txt_len bigint,
    OUT txt text)
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz := clock_timestamp();
BEGIN
  BEGIN
    IF fn = 'report' THEN
      SELECT r.* INTO rep FROM public.gai_report(body) r;
    ELSIF fn = 'is_valid' THEN
      valid := public.gai_is_valid(body);
    ELSIF fn = 'parse' THEN
      SELECT count(*), count(*) FILTER (WHERE p.status = 'ok'),
             count(*) FILTER (WHERE p.status IS NULL
                                 OR p.status NOT IN ('ok', 'blank', 'unreadable', 'ambiguous')
                                 OR (p.status = 'ok') <> (p.value IS NOT NULL)
                                 OR p.section IS NULL OR p.section NOT IN ('active', 'requests', 'appeals')
                                 OR p.line IS NULL OR p.line < 1
                                 OR (p.item IS NOT NULL AND (p.col IS NULL OR p.item_label IS NULL
                                                             OR p.col_label IS NULL)))
        INTO n_rows, n_ok, n_bad
        FROM public.gai_parse(body) p;
    ELSIF fn = 'check' THEN
      SELECT count(*), count(*) FILTER (WHERE c.severity = 'error'),
             count(*) FILTER (WHERE c.rule IS NULL OR c.severity IS NULL
                                 OR c.severity NOT IN ('error', 'warning'))
        INTO n_rows, n_err, n_bad
        FROM public.gai_check(body) c;
    ELSIF fn = 'sections' THEN
      SELECT count(*),
             count(*) FILTER (WHERE s.section IS NULL
                                 OR s.section NOT IN ('preamble', 'overview', 'active', 'requests',
                                                      'appeals', 'problems', 'other')
                                 OR s.line IS NULL OR s.line < 1),
             coalesce(sum(coalesce(length(s.heading), 0) + coalesce(length(s.content), 0)), 0),
             string_agg(coalesce(s.heading, '') || E'\n' || coalesce(s.content, ''), E'\n' ORDER BY s.line)
        INTO n_rows, n_bad, txt_len, txt
        FROM public.gai_sections(body) s;
      IF txt_len > 4 * 1024 * 1024 THEN
        txt := NULL;
      END IF;
    ELSE
      RAISE EXCEPTION 'unknown fn %', fn;
    END IF;
    outcome := 'ok';
  EXCEPTION WHEN OTHERS THEN
    outcome := SQLSTATE || ': ' || SQLERRM;
  END;
  ms := round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000);
END
$$;

-- Runs a statement; never raises, not even for a cancel. state: 'ok' or the SQLSTATE.
CREATE FUNCTION pg_temp.timed_sql(q text, OUT state text, OUT message text, OUT ms numeric)
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz := clock_timestamp();
BEGIN
  BEGIN
    EXECUTE q;
    state := 'ok';
  EXCEPTION
    WHEN query_canceled THEN      -- not caught by OTHERS (nor by pgTAP's throws_ok)
      state := SQLSTATE; message := SQLERRM;
    WHEN OTHERS THEN
      state := SQLSTATE; message := SQLERRM;
  END;
  ms := round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000);
END
$$;

-- ------------------------------------------------------------ the bad pages

-- nonreport: holds no report table (gai_parse must raise 22P02, gai_report says "no template").
-- big: 50 MB, only gai_report and gai_parse are run.
CREATE TEMP TABLE inputs (ord int PRIMARY KEY, name text UNIQUE NOT NULL, body text NOT NULL,
                          nonreport boolean NOT NULL, big boolean NOT NULL);
-- no compression: detoasting stays cheap and predictable
ALTER TABLE inputs ALTER COLUMN body SET STORAGE EXTERNAL;

CREATE TEMP TABLE page AS SELECT :'page'::text AS body;
-- the page's <body> content, what is repeated in one document
CREATE TEMP TABLE page_parts AS
  SELECT split_part(body, '<body>', 1) || '<body>' AS head,
         split_part(split_part(body, '<body>', 2), '</body>', 1) AS inner_body
  FROM page;

-- 50 MiB and a little more
INSERT INTO inputs
SELECT 1, 'page body x ' || k || ' in one document (50MB)',
       head || repeat(inner_body, k) || '</body></html>', false, true
FROM page_parts, LATERAL (SELECT ceil(50 * 1048576.0 / octet_length(inner_body))::int AS k) kk;
INSERT INTO inputs
SELECT 2, 'whole page x ' || k || ' (50MB)', repeat(body, k), false, true
FROM page, LATERAL (SELECT ceil(50 * 1048576.0 / octet_length(body))::int AS k) kk;
INSERT INTO inputs
SELECT 3, 'one table of ' || k || ' rows (50MB)',
       '<html><head><meta charset="utf-8"><title>测试局2021年度政府信息公开工作年度报告</title></head><body>'
       || '<h1>测试局2021年度政府信息公开工作年度报告</h1><table border="1">'
       || repeat(r, k) || '</table></body></html>', false, true
FROM (SELECT '<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>'::text AS r) rr,
     LATERAL (SELECT ceil(50 * 1048576.0 / octet_length(r))::int AS k) kk;

INSERT INTO inputs VALUES
  (4, '100000 nested <div>',
      '<html><body>' || repeat('<div>', 100000) || '规章 1 2 3' || repeat('</div>', 100000) || '</body></html>',
      true, false),
  (5, '10000 unclosed <table><tr><td>',
      '<html><body>' || repeat('<table><tr><td>', 10000) || '规章</td><td>1', true, false),
  (6, '&lt; x 1000000',
      '<html><body><div>' || repeat('&lt;', 1000000) || '</div></body></html>', true, false),
  (7, 'escaped unclosed <table><tr><td> x 10000 (&lt;table&gt;...)',
      '<html><body><div>' || repeat('&lt;table&gt;&lt;tr&gt;&lt;td&gt;', 10000) || '规章&lt;/td&gt;&lt;td&gt;1</div></body></html>',
      true, false),
  (8, '&amp;amp;... nested 100000 deep',
      '<html><body><p>测试局2021年度报告 &' || repeat('amp;', 100000) || 'lt;table&gt;&lt;tr&gt;&lt;td&gt;规章&lt;td&gt;1</p></body></html>',
      true, false),
  (9, 'numeric entities x 20000',
      '<html><body><p>' || repeat('&#60;table&#62;&#60;tr&#62;&#60;td&#62;&#x3C;td&#x3E;&#0;&#x0;&#x110000;'
                                  || '&#xD800;&#xDFFF;&#99999999999999999999;&#65279;&#12288;&#x7F;&#128;&#;&#x;&#'
                                  || '&#1114111;&#x2028;', 20000) || '</p></body></html>',
      true, false),
  (10, 'DOCTYPE internal subset: billion laughs',
      '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol "lol">'
      || '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
      || '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
      || '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
      || '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
      || '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
      || '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
      || '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
      || '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
      || '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">'
      || ']><html><head><title>测试局2021年度政府信息公开工作年度报告</title></head><body>'
      || '<p>测试局2021年度政府信息公开工作年度报告</p><p>一、总体情况</p>'
      || repeat('<p>&lol9;</p>', 1000) || '<table><tr><td>&lol9;</td><td>&lol1;</td></tr></table></body></html>',
      true, false),
  (11, 'DOCTYPE internal subset: external entities (file:///etc/passwd)',
      '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
      || '<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;'
      || '<!ENTITY net SYSTEM "http://127.0.0.1:1/x">]>'
      || '<html><head><title>测试局2021年度政府信息公开工作年度报告</title></head><body>'
      || '<p>测试局2021年度政府信息公开工作年度报告</p><p>一、总体情况 [&xxe;] [&net;]</p>'
      || '<table><tr><td>规章</td><td>&xxe;</td></tr></table></body></html>',
      true, false);

-- binary junk: random characters with <table, <td, <tr and markup bits thrown in
DO $$ BEGIN PERFORM setseed(0.2021); END $$;
INSERT INTO inputs
SELECT 12, 'random unicode with <table <td <tr (~1MB)',
       string_agg(CASE WHEN random() < 0.25
                       THEN (ARRAY['<table', '<td', '<tr', '<table>', '<td>', '<tr>', '</td>', '</table',
                                   '>', '<', '"', '''', '=', '&', '&#', ';', ' rowspan="0"', ' colspan=9999',
                                   '<!--', '-->', '<![CDATA[', ']]>', '<script>', '<!DOCTYPE'])[1 + floor(random() * 24)::int]
                       ELSE chr(1 + floor(random() * 55295)::int) END, ''),
       true, false
FROM generate_series(1, 300000);
INSERT INTO inputs
SELECT 13, 'control and latin-1 bytes with <table <td (~1MB)',
       string_agg(CASE WHEN random() < 0.2
                       THEN (ARRAY['<table', '<td', '<tr', '<table border=1>', '<td>', '</td', '>', '<'])[1 + floor(random() * 8)::int]
                       ELSE chr(1 + floor(random() * 255)::int) END, ''),
       true, false
FROM generate_series(1, 500000);

ANALYZE inputs;

-- ------------------------------------------------------------ the inputs are what they claim

SELECT is((SELECT array_agg(format('%s:%s', ord, round(octet_length(body) / 1048576.0)) ORDER BY ord)
           FROM inputs WHERE big),
          ARRAY['1:50', '2:50', '3:50'], 'fixture: the big inputs are 50 MB each');
SELECT is((SELECT (length(body) - length(replace(body, '<div>', ''))) / 5 FROM inputs WHERE ord = 4),
          100000, 'fixture: 100000 <div> tags');
SELECT is((SELECT (length(body) - length(replace(body, '<table><tr><td>', ''))) / 15 FROM inputs WHERE ord = 5),
          10000, 'fixture: 10000 <table><tr><td>, none closed');
SELECT is((SELECT array_agg(ord ORDER BY ord) FROM inputs WHERE body LIKE '%<table%' AND body LIKE '%<td%' AND ord >= 12),
          ARRAY[12, 13], 'fixture: the junk holds <table and <td');

-- ------------------------------------------------------------ run everything once

CREATE TEMP TABLE outc AS
  SELECT i.ord, i.name, f.fn, o.*
  FROM inputs i,
       unnest(CASE WHEN i.big THEN ARRAY['report', 'parse']
                   ELSE ARRAY['report', 'is_valid', 'parse', 'check', 'sections'] END) AS f(fn),
       LATERAL pg_temp.outcome(f.fn, i.body) o
  ORDER BY i.ord, f.fn;

CREATE TEMP TABLE rep AS SELECT ord, name, (rep).* FROM outc WHERE fn = 'report';

-- ------------------------------------------------------------ every input

SELECT is(o.outcome, 'ok', format('gai_report lives: %s', i.name))
FROM inputs i JOIN outc o ON o.ord = i.ord AND o.fn = 'report' ORDER BY i.ord;

SELECT matches(o.outcome, CASE WHEN i.nonreport THEN '^22P02' ELSE '^(ok|22P02)' END,
               format('gai_parse: %s -> %s', i.name,
                      CASE WHEN i.nonreport THEN '22P02 (no report table)' ELSE 'rows or 22P02' END))
FROM inputs i JOIN outc o ON o.ord = i.ord AND o.fn = 'parse' ORDER BY i.ord;

SELECT is(o.outcome, 'ok', format('gai_is_valid lives: %s', i.name))
FROM inputs i JOIN outc o ON o.ord = i.ord AND o.fn = 'is_valid' ORDER BY i.ord;

SELECT is(o.valid, (SELECT (r.rep).is_valid FROM outc r WHERE r.ord = i.ord AND r.fn = 'report'),
          format('gai_is_valid(x) = gai_report(x).is_valid: %s', i.name))
FROM inputs i JOIN outc o ON o.ord = i.ord AND o.fn = 'is_valid' ORDER BY i.ord;

SELECT matches(o.outcome, '^(ok|22P02)', format('gai_check: %s -> rows or 22P02', i.name))
FROM inputs i JOIN outc o ON o.ord = i.ord AND o.fn = 'check' ORDER BY i.ord;

SELECT matches(o.outcome, '^(ok|22P02)', format('gai_sections: %s -> rows or 22P02', i.name))
FROM inputs i JOIN outc o ON o.ord = i.ord AND o.fn = 'sections' ORDER BY i.ord;

SELECT is((SELECT string_agg(format('%s=%s', fn, coalesce(n_bad, 0)), ' ' ORDER BY fn)
           FROM outc o WHERE o.ord = i.ord AND o.fn IN ('parse', 'check', 'sections')),
          CASE WHEN i.big THEN 'parse=0' ELSE 'check=0 parse=0 sections=0' END,
          format('rows well formed (malformed rows per function): %s', i.name))
FROM inputs i ORDER BY i.ord;

-- Time: every call within 5 s + 0.4 s per MB of input (25 s for 50 MB: a hang or an
-- expansion blows it; the measured times are printed at the end).
SELECT cmp_ok((SELECT max(ms) FROM outc o WHERE o.ord = i.ord), '<',
              5000 + 400 * round(octet_length(i.body) / 1048576.0),
              format('every call returns within %s ms: %s', 5000 + 400 * round(octet_length(i.body) / 1048576.0), i.name))
FROM inputs i ORDER BY i.ord;

-- ------------------------------------------------------------ pages that hold no report

SELECT is((SELECT format('template %s, cell_count %s, is_valid %s, warns %s',
                         coalesce(r.template, 'NULL'), r.cell_count, coalesce(r.is_valid::text, 'NULL'),
                         (coalesce(cardinality(r.warnings), 0) >= 1)::text)
           FROM rep r WHERE r.ord = i.ord),
          'template NULL, cell_count 0, is_valid false, warns true',
          format('no report: gai_report says so: %s', i.name))
FROM inputs i WHERE i.nonreport ORDER BY i.ord;

-- ------------------------------------------------------------ entities are not expanded

-- The text the reader made of the page, as gai_sections returns it.
CREATE TEMP TABLE txt AS SELECT ord, name, txt_len, txt FROM outc WHERE fn = 'sections';

SELECT ok((SELECT txt IS NOT NULL AND strpos(txt, 'lollol') = 0 AND txt_len < octet_length(i.body)
           FROM txt WHERE txt.ord = i.ord),
          'billion laughs: no entity of the DOCTYPE is expanded (no "lollol", less text than input)')
FROM inputs i WHERE i.ord = 10;
SELECT diag(format('billion laughs: %s characters of text, first 300: %s', txt_len, left(txt, 300)))
FROM txt WHERE ord = 10 AND (txt IS NULL OR strpos(txt, 'lollol') > 0 OR txt_len >= 1000000);

SELECT ok((SELECT txt IS NOT NULL AND strpos(txt, 'root:') = 0 AND strpos(txt, '/bin/') = 0
           FROM txt WHERE ord = 11)
          AND (SELECT strpos(coalesce(title, '') || coalesce(agency, ''), 'root:') = 0 FROM rep WHERE ord = 11),
          'external entity: /etc/passwd is not read into the text, title or agency');
SELECT diag(format('external entity: text %s', left(txt, 500))) FROM txt WHERE ord = 11
  AND (txt IS NULL OR strpos(txt, 'root:') > 0);

-- A DOCTYPE is not text: a browser shows none of its declarations (HTML: the internal
-- subset's <!ENTITY …> are bogus comments), so neither the title, the agency nor the
-- page text may hold them.
CREATE TEMP TABLE doctype_leak AS
SELECT i.ord, i.name, r.title, r.agency, left(t.txt, 200) AS txt
FROM inputs i JOIN rep r USING (ord) JOIN txt t USING (ord)
WHERE i.ord IN (10, 11)
  AND (strpos(coalesce(r.title, ''), 'ENTITY') > 0 OR strpos(coalesce(r.agency, ''), 'ENTITY') > 0
       OR strpos(coalesce(t.txt, ''), 'ENTITY') > 0);
SELECT is((SELECT count(*)::int FROM doctype_leak), 0,
          'DOCTYPE internal subset: its <!ENTITY> declarations are not read as title, agency or text');
SELECT diag(format('%s: title %L, agency %L, text %L', name, title, agency, txt))
FROM doctype_leak ORDER BY ord;

-- &amp;amp;amp;…lt; is unescaped at most twice (once by the HTML parser, once more by the
-- reader of a report escaped by its CMS), never to the end.
SELECT ok((SELECT strpos(txt, repeat('amp;', 100000 - 2)) > 0 FROM txt WHERE ord = 8),
          '&amp;amp;... is unescaped once (at most twice), not again and again');
SELECT diag(format('&amp; nested: %s characters of text, first 200: %s', txt_len, left(txt, 200)))
FROM txt WHERE ord = 8 AND (txt IS NULL OR strpos(txt, repeat('amp;', 100000 - 2)) = 0);

-- ------------------------------------------------------------ cancellation

-- What merely fetching and copying a 50 MB input costs (B). The timeout is 2B + 300 ms:
-- it fires while the reader runs (the uncancelled call takes longer: checked), and the
-- cancel must land within 1 s of it.
CREATE TEMP TABLE cancel_res AS
  SELECT 1 AS ord, 'baseline: detoast and copy the 50 MB page' AS what, NULL::int AS timeout_ms, t.*
  FROM pg_temp.timed_sql($q$SELECT octet_length(body || '') FROM inputs WHERE ord = 1$q$) t;
CREATE TEMP TABLE cancel_cfg AS
  SELECT (2 * ms + 300)::int AS timeout_ms FROM cancel_res WHERE ord = 1;

DO $$ BEGIN PERFORM set_config('statement_timeout', (SELECT timeout_ms FROM cancel_cfg)::text, true); END $$;
INSERT INTO cancel_res SELECT 2, 'gai_report, 50 MB page', (SELECT timeout_ms FROM cancel_cfg), t.*
FROM pg_temp.timed_sql('SELECT public.gai_report(body) FROM inputs WHERE ord = 1') t;
RESET statement_timeout;

DO $$ BEGIN PERFORM set_config('statement_timeout', (SELECT timeout_ms FROM cancel_cfg)::text, true); END $$;
INSERT INTO cancel_res SELECT 3, 'gai_report, 50 MB table', (SELECT timeout_ms FROM cancel_cfg), t.*
FROM pg_temp.timed_sql('SELECT public.gai_report(body) FROM inputs WHERE ord = 3') t;
RESET statement_timeout;

DO $$ BEGIN PERFORM set_config('statement_timeout', (SELECT timeout_ms FROM cancel_cfg)::text, true); END $$;
INSERT INTO cancel_res SELECT 4, 'gai_parse, 50 MB table', (SELECT timeout_ms FROM cancel_cfg), t.*
FROM pg_temp.timed_sql('SELECT count(*) FROM inputs, LATERAL public.gai_parse(body) WHERE ord = 3') t;
RESET statement_timeout;

SELECT cmp_ok((SELECT min(ms) FROM outc WHERE ord IN (1, 3) AND fn IN ('report', 'parse')), '>',
              (SELECT timeout_ms + 200::numeric FROM cancel_cfg),
              'cancel: uncancelled, gai_report and gai_parse on the 50 MB page and table outlast the timeout (the cancels below fire inside the reader)');

SELECT is(c.state, '57014', format('statement_timeout (%s ms): %s raises 57014', c.timeout_ms, c.what))
FROM cancel_res c WHERE c.ord > 1 ORDER BY c.ord;
SELECT cmp_ok(c.ms, '<', c.timeout_ms + 1000::numeric,
              format('statement_timeout (%s ms): %s is interrupted within 1 s of the timeout', c.timeout_ms, c.what))
FROM cancel_res c WHERE c.ord > 1 ORDER BY c.ord;

-- the reader is sound after being interrupted, in the same backend
SELECT is((SELECT r.cell_count FROM page, LATERAL public.gai_report(page.body) r), 200,
          'after the cancels, gai_report(html/000001) still reads its 200 cells');
SELECT is(pg_backend_pid(), (SELECT pid FROM start), 'the same backend ran every test (none crashed)');

-- ------------------------------------------------------------ timings

SELECT diag(format('timing: cancel %s (timeout %s ms): %s in %s ms', what, coalesce(timeout_ms::text, 'none'),
                   coalesce(state || ' ' || message, state), ms))
FROM cancel_res ORDER BY ord;
SELECT diag(format('timing: %-62s %5s MB  report %6s ms  is_valid %6s ms  parse %6s ms (%s)  check %6s ms  sections %6s ms',
                   i.name, round(i.bytes / 1048576.0, 1),
                   max(o.ms) FILTER (WHERE fn = 'report'), coalesce(max(o.ms) FILTER (WHERE fn = 'is_valid')::text, '-'),
                   max(o.ms) FILTER (WHERE fn = 'parse'), left(min(o.outcome) FILTER (WHERE fn = 'parse'), 5),
                   coalesce(max(o.ms) FILTER (WHERE fn = 'check')::text, '-'),
                   coalesce(max(o.ms) FILTER (WHERE fn = 'sections')::text, '-')))
FROM (SELECT ord, name, octet_length(body) AS bytes FROM inputs) i JOIN outc o USING (ord)
GROUP BY i.ord, i.name, i.bytes ORDER BY i.ord;

SELECT * FROM finish();
ROLLBACK;
