-- gaireport: another role's objects in the extension's schema are never run
-- by the extension (issue 6, item 1: privilege escalation at install).
--
-- Run from the repository root (the seeds are read with relative paths):
--   pg_prove -d DB test/pgtap/security.sql
--
-- The attack: a role "attacker" may create objects in public (PostgreSQL 15
-- revokes that by default; here it is granted, as it was by default before
-- 15 and still often is).  It plants, in public, functions that match the
-- calls of the install and update scripts better than pg_catalog's
-- (format(text, integer), jsonb_build_object(text, text), unnest(numeric[]),
-- ... ) and operators that match better than pg_catalog's where argument types
-- differ (= (numeric, integer), ->> (jsonb, jsonb), ...).  Each planted
-- function writes its name into public.attack_log and tries to make attacker
-- a superuser, then does what the real one does, so that an unsafe script
-- still works and its calls are counted.  Then the superuser installs gaireport
-- into public by every path (CREATE EXTENSION at the default version; 0.1 then
-- ALTER EXTENSION UPDATE; 0.2, with a materialized view bound to the planted
-- unnest as an unfixed 0.2 left it, then UPDATE), stores the seed reports,
-- calls gai_refresh() (concurrently and not), reads every view and calls every
-- function.  Tests: every step ran without error, no planted function or
-- operator ran in any step, attacker is no superuser, no object of the
-- extension is bound to anything outside pg_catalog and the extension, the
-- update from 0.2 rebinds the materialized view and keeps the stored reports.
--
-- Everything runs in one transaction that is rolled back (roles too), so the
-- other files are not affected.  The planted objects are dropped before the
-- first pgTAP call: pgTAP's own functions live in public and would call them.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
\set s1 `cat test/fixtures/seeds/001_d14d7889243b97c8.txt`
\set s2 `cat test/fixtures/seeds/002_67d5636951f762bb.txt`
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
\set s4 `cat test/fixtures/seeds/004_68737bd3c1f99b18.txt`

BEGIN;
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
DROP EXTENSION IF EXISTS gaireport CASCADE;
\ir ../security/bound_outside.sql

-- The steps' SQL reads the seeds from here (no function call in between).
CREATE TEMP TABLE seeds (name text PRIMARY KEY, body text NOT NULL);
INSERT INTO seeds VALUES ('seed 000', :'s0'), ('seed 001', :'s1'), ('seed 002', :'s2'),
                         ('seed 003', :'s3'), ('seed 004', :'s4');
CREATE TEMP TABLE steps (n serial PRIMARY KEY, phase text NOT NULL, sql text NOT NULL, error text);
CREATE TEMP TABLE bound (phase text, binding text);
CREATE TEMP TABLE kept (phase text, reports bigint, digest text);

-- ------------------------------------------------------------------ the attacker

CREATE ROLE attacker;
GRANT USAGE, CREATE ON SCHEMA public TO attacker;
SET ROLE attacker;

CREATE TABLE public.attack_log (phase text, fn text, caller name);
GRANT ALL ON public.attack_log TO PUBLIC;

-- Functions: the names the scripts call, with the argument types of those
-- calls (a better match than pg_catalog's VARIADIC "any" or polymorphic
-- ones), and some with pg_catalog's own signature (harmless unless the search
-- path put public first).
CREATE FUNCTION pg_temp.plant(fname text, args text[], rettype text) RETURNS void
LANGUAGE plpgsql AS $plant$
DECLARE
  params text := '';
  pass text := '';
BEGIN
  -- (qualified: this runs while planted functions already exist)
  FOR i IN 1 .. coalesce(pg_catalog.array_length(args, 1), 0) LOOP
    params := params || CASE WHEN i > 1 THEN ', ' ELSE '' END || args[i];
    pass := pass || CASE WHEN i > 1 THEN ', ' ELSE '' END
                 || CASE WHEN args[i] LIKE 'VARIADIC %' THEN 'VARIADIC ' ELSE '' END || '$' || i::text;
  END LOOP;
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION public.%1$I(%2$s) RETURNS %3$s LANGUAGE plpgsql AS $body$
    BEGIN
      INSERT INTO public.attack_log
      VALUES (pg_catalog.current_setting('gai_test.phase', true), %4$L, current_user);
      BEGIN
        EXECUTE 'ALTER ROLE attacker SUPERUSER';
      EXCEPTION WHEN OTHERS THEN NULL;
      END;
      %5$s pg_catalog.%1$I(%6$s);
    END
    $body$$f$,
    fname, params, rettype, fname || '(' || params || ')',
    CASE WHEN rettype LIKE 'SETOF %' THEN 'RETURN QUERY SELECT'
         WHEN rettype = 'void' THEN 'PERFORM'
         ELSE 'RETURN' END, pass);
END
$plant$;

SELECT pg_temp.plant(f, a, r) FROM (VALUES
  ('format', '{text}'::text[], 'text'),
  ('format', '{text,text}', 'text'),
  ('format', '{text,integer}', 'text'),
  ('format', '{text,bigint}', 'text'),
  ('format', '{text,text,text}', 'text'),
  ('format', '{text,integer,integer}', 'text'),
  ('format', '{text,integer,integer,text}', 'text'),
  ('format', '{text,integer,bigint,text}', 'text'),
  ('format', '{text,text,integer,integer,integer,integer}', 'text'),
  ('format', '{text,"VARIADIC text[]"}', 'text'),
  ('jsonb_build_object', '{text,text}', 'jsonb'),
  ('jsonb_build_object', '{text,integer}', 'jsonb'),
  ('jsonb_build_object', '{"VARIADIC text[]"}', 'jsonb'),
  ('unnest', '{numeric[]}', 'SETOF numeric'),
  ('unnest', '{text[]}', 'SETOF text'),
  ('unnest', '{bigint[]}', 'SETOF bigint'),
  ('unnest', '{integer[]}', 'SETOF integer'),
  ('array_length', '{numeric[],integer}', 'integer'),
  ('array_length', '{text[],integer}', 'integer'),
  ('get_byte', '{bytea,bigint}', 'integer'),
  ('split_part', '{text,text,bigint}', 'text'),
  ('pg_extension_config_dump', '{text,text}', 'void'),
  ('current_setting', '{text}', 'text'),
  ('jsonb_array_elements', '{jsonb}', 'SETOF jsonb'),
  ('round', '{numeric,integer}', 'numeric'),
  ('now', '{}', 'timestamptz'),
  ('length', '{text}', 'integer'),
  ('lower', '{text}', 'text'),
  ('md5', '{text}', 'text')
) AS v(f, a, r) \g /dev/null

-- Operators where the two argument types differ, so that pg_catalog has no
-- exact match and a planted one wins (NULLIF(numeric, 0), sums mixing types, ...).
CREATE FUNCTION pg_temp.plant_op(op text, l text, r text, rettype text, expr text) RETURNS void
LANGUAGE plpgsql AS $plant$
DECLARE
  fn text := 'attack_op_' || pg_catalog.md5(op || l || r);
BEGIN
  EXECUTE pg_catalog.format($f$
    CREATE FUNCTION public.%1$I(a %2$s, b %3$s) RETURNS %4$s LANGUAGE plpgsql AS $body$
    BEGIN
      INSERT INTO public.attack_log
      VALUES (pg_catalog.current_setting('gai_test.phase', true), %5$L, current_user);
      BEGIN
        EXECUTE 'ALTER ROLE attacker SUPERUSER';
      EXCEPTION WHEN OTHERS THEN NULL;
      END;
      RETURN %6$s;
    END
    $body$$f$, fn, l, r, rettype, 'operator ' || op || '(' || l || ', ' || r || ')', expr);
  EXECUTE pg_catalog.format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.%I)', op, l, r, fn);
END
$plant$;

SELECT pg_temp.plant_op(o.op, t.l, t.r, o.rettype, o.expr)
FROM (VALUES ('numeric', 'integer'), ('numeric', 'bigint'), ('integer', 'numeric'), ('bigint', 'numeric')) AS t(l, r),
     (VALUES ('=', 'boolean', 'a::numeric OPERATOR(pg_catalog.=) b::numeric'),
             ('<>', 'boolean', 'a::numeric OPERATOR(pg_catalog.<>) b::numeric'),
             ('<', 'boolean', 'a::numeric OPERATOR(pg_catalog.<) b::numeric'),
             ('>', 'boolean', 'a::numeric OPERATOR(pg_catalog.>) b::numeric'),
             ('+', 'numeric', 'a::numeric OPERATOR(pg_catalog.+) b::numeric'),
             ('-', 'numeric', 'a::numeric OPERATOR(pg_catalog.-) b::numeric'),
             ('*', 'numeric', 'a::numeric OPERATOR(pg_catalog.*) b::numeric'),
             ('/', 'numeric', 'a::numeric OPERATOR(pg_catalog./) b::numeric')) AS o(op, rettype, expr) \g /dev/null
SELECT pg_temp.plant_op('||', l, r, 'text', 'a::text OPERATOR(pg_catalog.||) b::text')
FROM (VALUES ('text', 'integer'), ('text', 'bigint'), ('text', 'numeric'), ('integer', 'text')) AS t(l, r) \g /dev/null

RESET ROLE;

-- ------------------------------------------------------------------ the victim

-- Runs one step: its SQL with the phase set for the planted functions to
-- record; an error is kept (and rolled back to the step's start).
CREATE FUNCTION pg_temp.step(phase text, sql text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  step_no integer;
BEGIN
  INSERT INTO pg_temp.steps (phase, sql) VALUES (phase, sql) RETURNING steps.n INTO step_no;
  PERFORM pg_catalog.set_config('gai_test.phase', phase, true);
  BEGIN
    EXECUTE sql;
  EXCEPTION WHEN OTHERS THEN
    UPDATE pg_temp.steps SET error = SQLERRM WHERE steps.n = step_no;
  END;
  PERFORM pg_catalog.set_config('gai_test.phase', '', true);
END
$$;

-- Everything a user does with an installed gaireport.
CREATE FUNCTION pg_temp.use(phase text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v text;
BEGIN
  PERFORM pg_temp.step(phase, 'INSERT INTO public.gai_reports (source, body) SELECT name, body FROM pg_temp.seeds');
  PERFORM pg_temp.step(phase, 'INSERT INTO public.gai_versions (source, body) SELECT name || '' again'', body FROM pg_temp.seeds');
  -- further versions of each report (the store keeps every text): a longer text, a less complete one
  PERFORM pg_temp.step(phase, $s$SELECT public.gai_load(name || ' v2', body || E'\n') FROM pg_temp.seeds$s$);
  PERFORM pg_temp.step(phase, $s$SELECT public.gai_load(name || ' v3', pg_catalog.replace(body, E'\t0\n', E'\tx\n')) FROM pg_temp.seeds$s$);
  PERFORM pg_temp.step(phase, 'SELECT public.gai_pin(v.id) FROM public.gai_versions v WHERE NOT v.is_current');
  PERFORM pg_temp.step(phase, 'SELECT public.gai_unpin(r.id) FROM public.gai_reports r');
  PERFORM pg_temp.step(phase, 'SELECT * FROM public.gai_reparse(every => true, batch_size => 2)');
  PERFORM pg_temp.step(phase, 'SELECT public.gai_parser()');
  PERFORM pg_temp.step(phase, 'SELECT public.gai_refresh()');
  PERFORM pg_temp.step(phase, 'REFRESH MATERIALIZED VIEW public.gai_active_yearly WITH NO DATA');
  PERFORM pg_temp.step(phase, 'REFRESH MATERIALIZED VIEW public.gai_quality_yearly WITH NO DATA');
  PERFORM pg_temp.step(phase, 'SELECT public.gai_refresh()');   -- not concurrently for those two
  PERFORM pg_temp.step(phase, 'SELECT public.gai_refresh()');   -- concurrently for all
  FOREACH v IN ARRAY ARRAY['gai_cells', 'gai_request_rows', 'gai_version_cells', 'gai_version_request_rows',
                           'gai_disagreements', 'gai_requests_yearly', 'gai_requests_by_agency',
                           'gai_denial_reasons', 'gai_appeals_yearly', 'gai_active_yearly',
                           'gai_quality_yearly', 'gai_cell_codes', 'gai_request_items'] LOOP
    PERFORM pg_temp.step(phase, pg_catalog.format('SELECT * FROM public.%I', v));
  END LOOP;
  PERFORM pg_temp.step(phase, $s$SELECT p.*, r.*, c.*, s.*, public.gai_is_valid(b.body)
    FROM pg_temp.seeds b, public.gai_parse(b.body) p, public.gai_report(b.body) r,
         public.gai_check(b.body) c, public.gai_sections(b.body) s$s$);
  PERFORM pg_temp.step(phase, 'SELECT * FROM public.gai_codes(), public.gai_request_items()');
  PERFORM pg_temp.step(phase, $s$CREATE TEMP TABLE my_reports (body text, violations jsonb);
    CREATE TRIGGER my_check BEFORE INSERT ON my_reports
      FOR EACH ROW EXECUTE FUNCTION public.gai_validate_trigger(body, 'flag', violations);
    INSERT INTO my_reports (body) SELECT body FROM pg_temp.seeds;
    DROP TABLE my_reports$s$);
  PERFORM pg_temp.step(phase, 'UPDATE public.gai_reports SET body = body || '' ''');
  PERFORM pg_temp.step(phase, 'DELETE FROM public.gai_reports WHERE source LIKE ''seed 004%''');
  PERFORM pg_temp.step(phase, 'DELETE FROM public.gai_versions v WHERE NOT v.is_current AND v.source LIKE ''seed 003%''');
  PERFORM pg_temp.step(phase, 'DELETE FROM public.gai_versions v WHERE v.is_current AND v.source LIKE ''seed 001%''');
  PERFORM pg_temp.step(phase, 'SELECT public.gai_refresh()');
END
$$;

-- 1. CREATE EXTENSION at the default version, into public.
SELECT pg_temp.step('create', 'CREATE EXTENSION gaireport SCHEMA public') \g /dev/null
SELECT pg_temp.use('use after create') \g /dev/null
INSERT INTO bound SELECT 'create', b FROM pg_temp.gai_bound_outside() b;
SELECT pg_temp.step('drop', 'DROP EXTENSION gaireport CASCADE') \g /dev/null

-- 2. 0.1, then ALTER EXTENSION ... UPDATE to the default version.
SELECT pg_temp.step('create 0.1', $$CREATE EXTENSION gaireport SCHEMA public VERSION '0.1'$$) \g /dev/null
SELECT pg_temp.step('update from 0.1', 'ALTER EXTENSION gaireport UPDATE') \g /dev/null
SELECT pg_temp.use('use after update from 0.1') \g /dev/null
INSERT INTO bound SELECT 'update from 0.1', b FROM pg_temp.gai_bound_outside() b;
SELECT pg_temp.step('drop', 'DROP EXTENSION gaireport CASCADE') \g /dev/null

-- 3. 0.2 with reports stored, and gai_active_yearly bound to the planted
-- unnest(numeric[]) as the unfixed 0.2 script left it (made here by hand, WITH
-- NO DATA so that the planted function does not run), then UPDATE.
SELECT pg_temp.step('create 0.2', $$CREATE EXTENSION gaireport SCHEMA public VERSION '0.2'$$) \g /dev/null
SELECT pg_temp.step('create 0.2', 'INSERT INTO public.gai_reports (source, body) SELECT name, body FROM pg_temp.seeds') \g /dev/null
SELECT pg_temp.step('setup', $$
  SET LOCAL search_path = public;
  ALTER EXTENSION gaireport DROP MATERIALIZED VIEW public.gai_active_yearly;
  DROP MATERIALIZED VIEW public.gai_active_yearly;
  CREATE MATERIALIZED VIEW public.gai_active_yearly AS
    SELECT r.id, v.idx, v.value
    FROM public.gai_reports r CROSS JOIN LATERAL unnest(r.cells) WITH ORDINALITY AS v(value, idx)
    WITH NO DATA;
  CREATE UNIQUE INDEX gai_active_yearly_key ON public.gai_active_yearly (id, idx);
  ALTER EXTENSION gaireport ADD MATERIALIZED VIEW public.gai_active_yearly;
  RESET search_path$$) \g /dev/null
INSERT INTO bound SELECT 'as an unfixed 0.2 left it', b FROM pg_temp.gai_bound_outside() b;
INSERT INTO kept SELECT 'before update', pg_catalog.count(*), pg_catalog.md5(pg_catalog.string_agg(r::text, '|' ORDER BY r.id))
FROM public.gai_reports r;
SELECT pg_temp.step('update from 0.2', 'ALTER EXTENSION gaireport UPDATE') \g /dev/null
INSERT INTO kept SELECT 'after update', pg_catalog.count(*), pg_catalog.md5(pg_catalog.string_agg(r::text, '|' ORDER BY r.id))
FROM public.gai_reports r;
INSERT INTO bound SELECT 'update from 0.2', b FROM pg_temp.gai_bound_outside() b;
CREATE TEMP TABLE version_after AS SELECT extversion FROM pg_extension WHERE extname = 'gaireport';
SELECT pg_temp.use('use after update from 0.2') \g /dev/null
SELECT pg_temp.step('drop', 'DROP EXTENSION gaireport CASCADE') \g /dev/null

-- 4. ->> with an untyped key ('section') takes a planted ->>(jsonb, jsonb): the
-- key is then read as JSON, so an unfixed script fails (or, with a key that is
-- valid JSON, calls it).  Planted last, as it breaks unfixed installs outright.
SET ROLE attacker;
SELECT pg_temp.plant_op(op, 'jsonb', 'jsonb', r, e)
FROM (VALUES ('->>', 'text', 'a OPERATOR(pg_catalog.->>) (b OPERATOR(pg_catalog.#>>) ''{}''::text[])'),
             ('->', 'jsonb', 'a OPERATOR(pg_catalog.->) (b OPERATOR(pg_catalog.#>>) ''{}''::text[])'))
     AS o(op, r, e) \g /dev/null
RESET ROLE;
SELECT pg_temp.step('create, ->> planted', 'CREATE EXTENSION gaireport SCHEMA public') \g /dev/null
SELECT pg_temp.use('use, ->> planted') \g /dev/null
SELECT pg_temp.step('drop', 'DROP EXTENSION gaireport CASCADE') \g /dev/null
SELECT pg_temp.step('create 0.1, ->> planted', $$CREATE EXTENSION gaireport SCHEMA public VERSION '0.1'$$) \g /dev/null
SELECT pg_temp.step('update from 0.1, ->> planted', 'ALTER EXTENSION gaireport UPDATE') \g /dev/null
SELECT pg_temp.use('use after update, ->> planted') \g /dev/null
INSERT INTO bound SELECT 'update from 0.1, ->> planted', b FROM pg_temp.gai_bound_outside() b;

-- What happened, then the planted objects go (with whatever got bound to them).
CREATE TEMP TABLE calls AS SELECT * FROM public.attack_log;
CREATE TEMP TABLE attacker_after AS SELECT rolsuper FROM pg_roles WHERE rolname = 'attacker';
CREATE TEMP TABLE refresh_config AS
  SELECT p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'public' AND p.proname = 'gai_refresh';
DROP OWNED BY attacker CASCADE;

-- ------------------------------------------------------------------ tests

SELECT plan((SELECT count(*)::integer FROM steps) + 26);

SELECT is(s.error, NULL, format('step %s (%s) ran without error: %s', s.n, s.phase, left(regexp_replace(s.sql, '\s+', ' ', 'g'), 70)))
FROM steps s ORDER BY s.n;

SELECT is((SELECT count(*)::integer FROM calls WHERE phase = 'setup'), 0,
          'setup: the hand-made unfixed view was created WITH NO DATA, nothing planted ran yet');
SELECT is((SELECT string_agg(DISTINCT fn, ', ' ORDER BY fn) FROM calls WHERE phase = p), NULL,
          format('no planted function or operator ran: %s', p))
FROM unnest(ARRAY['create', 'use after create', 'create 0.1', 'update from 0.1', 'use after update from 0.1',
                  'create 0.2', 'update from 0.2', 'use after update from 0.2',
                  'create, ->> planted', 'use, ->> planted', 'create 0.1, ->> planted',
                  'update from 0.1, ->> planted', 'use after update, ->> planted']) WITH ORDINALITY AS u(p, ord)
ORDER BY ord;
SELECT is((SELECT string_agg(DISTINCT coalesce(phase, '(none)') || ': ' || fn, ', ') FROM calls WHERE phase IS DISTINCT FROM 'setup'),
          NULL, 'no planted function or operator ran at all');
SELECT is((SELECT rolsuper FROM attacker_after), false, 'attacker did not become a superuser');
SELECT is((SELECT string_agg(binding, ', ') FROM bound WHERE phase = 'create'), NULL,
          'after CREATE EXTENSION nothing of gaireport is bound outside pg_catalog and the extension');
SELECT is((SELECT string_agg(binding, ', ') FROM bound WHERE phase = 'update from 0.1'), NULL,
          'after the update from 0.1 nothing of gaireport is bound outside pg_catalog and the extension');
SELECT ok((SELECT count(*) FROM bound WHERE phase = 'as an unfixed 0.2 left it' AND binding LIKE '%public.unnest(numeric[])%') > 0,
          'the check sees the hand-made unfixed 0.2 view bound to the planted unnest(numeric[])');
SELECT is((SELECT string_agg(binding, ', ') FROM bound WHERE phase = 'update from 0.2'), NULL,
          'after the update from 0.2 nothing of gaireport is bound outside pg_catalog and the extension');
SELECT is((SELECT string_agg(binding, ', ') FROM bound WHERE phase = 'update from 0.1, ->> planted'), NULL,
          'with ->> planted, nothing of gaireport is bound outside pg_catalog and the extension');
SELECT is((SELECT extversion FROM version_after), '0.3', 'ALTER EXTENSION gaireport UPDATE from 0.2 reaches 0.3');
SELECT is((SELECT reports FROM kept WHERE phase = 'after update'), (SELECT reports FROM kept WHERE phase = 'before update'),
          'the update from 0.2 keeps every stored report');
SELECT is((SELECT digest FROM kept WHERE phase = 'after update'), (SELECT digest FROM kept WHERE phase = 'before update'),
          'the update from 0.2 keeps every stored report unchanged (all columns)');
SELECT ok((SELECT reports FROM kept WHERE phase = 'before update') = 5, 'five reports were stored before the update');
SELECT is((SELECT proconfig FROM refresh_config), ARRAY['search_path=pg_catalog, pg_temp'],
          'gai_refresh() pins its search_path');

SELECT * FROM finish();
ROLLBACK;
