"""SQL the emulator installs in its private PostgreSQL 15 at start (run once as the superuser):
the `admin` role, the `sys` schema (jobs table, wait_for_job procedure), and the `dsql_emulator` schema
that the proxy's hidden statements and the per-table triggers use to enforce DSQL's per-transaction
row (3,000) and size (10 MiB) limits (docs/dsql-behaviour.md §4), and DSQL's environment values (§2.1)."""

ROW_LIMIT = 3000
SIZE_LIMIT = 10 * 1024 * 1024

SETUP_SQL = r"""
CREATE ROLE admin WITH LOGIN CREATEROLE;
ALTER DATABASE postgres OWNER TO admin;
ALTER DATABASE postgres SET default_text_search_config = 'pg_catalog.simple';
ALTER DATABASE postgres SET TimeZone = 'UTC';
CREATE SCHEMA dsql_emulator;
GRANT USAGE ON SCHEMA dsql_emulator TO PUBLIC;

-- DSQL has no text search configurations (queries.json q_fulltext_*: 42704 "english" does not exist)
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT cfgname FROM pg_ts_config WHERE cfgname <> 'simple' LOOP
    EXECUTE format('DROP TEXT SEARCH CONFIGURATION pg_catalog.%I', r.cfgname);
  END LOOP;
END $$;

-- Raises a DSQL error with the exact SQLSTATE/message; the proxy runs it in place of a refused statement
-- so the backend's own transaction state (aborted block, skip-until-Sync) is exactly PostgreSQL's.
CREATE PROCEDURE dsql_emulator.raise(code text, msg text, detail text DEFAULT NULL, hint text DEFAULT NULL)
LANGUAGE plpgsql AS $$
BEGIN
  IF detail IS NOT NULL AND hint IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg, DETAIL = detail, HINT = hint;
  ELSIF detail IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg, DETAIL = detail;
  ELSIF hint IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg, HINT = hint;
  END IF;
  RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg;
END $$;
CREATE PROCEDURE dsql_emulator.noop() LANGUAGE sql AS $$ SELECT 1 $$;

CREATE FUNCTION dsql_emulator.version() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'PostgreSQL 16'::text $$;
CREATE FUNCTION dsql_emulator.current_setting(name text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE lower(name) WHEN 'server_version' THEN '16.15' WHEN 'server_version_num' THEN '160015'
         ELSE pg_catalog.current_setting(name) END $$;
CREATE FUNCTION dsql_emulator.current_setting(name text, missing_ok boolean) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE lower(name) WHEN 'server_version' THEN '16.15' WHEN 'server_version_num' THEN '160015'
         ELSE pg_catalog.current_setting(name, missing_ok) END $$;

CREATE PROCEDURE dsql_emulator.check_drop_column(rel text, col text) LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = to_regclass(rel) AND i.indisprimary AND a.attname = col) THEN
    RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = format('cannot drop primary key column %s', col);
  END IF;
END $$;

-- Per-transaction row and size accounting (transaction-local GUCs, so ROLLBACK TO the proxy's hidden
-- savepoint also undoes the count of a statement rolled back after an OCC conflict).
CREATE FUNCTION dsql_emulator.count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint; b bigint;
BEGIN
  n := coalesce(nullif(current_setting('dsql_emulator.rows', true), ''), '0')::bigint + 1;
  IF n > @ROW_LIMIT@ THEN
    RAISE EXCEPTION USING ERRCODE = '54000', MESSAGE = 'transaction row limit exceeded';
  END IF;
  PERFORM set_config('dsql_emulator.rows', n::text, true);
  IF TG_OP <> 'DELETE' THEN
    b := coalesce(nullif(current_setting('dsql_emulator.bytes', true), ''), '0')::bigint
         + octet_length(NEW::text) + 32;
    PERFORM set_config('dsql_emulator.bytes', b::text, true);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION dsql_emulator.check_size() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE b bigint;
BEGIN
  b := coalesce(nullif(current_setting('dsql_emulator.bytes', true), ''), '0')::bigint;
  IF b > @SIZE_LIMIT@ THEN
    PERFORM set_config('dsql_emulator.bytes', '0', true);
    RAISE EXCEPTION USING ERRCODE = '54000', MESSAGE = 'transaction size limit 10mb exceeded',
      DETAIL = format('Current transaction size %smb > 10mb', ceil(b / 1048576.0)::bigint);
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION dsql_emulator.on_create_table() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT object_identity FROM pg_event_trigger_ddl_commands()
           WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    EXECUTE format('CREATE TRIGGER dsql_emulator_rows AFTER INSERT OR UPDATE OR DELETE ON %s '
                   'FOR EACH ROW EXECUTE FUNCTION dsql_emulator.count_rows()', r.object_identity);
    EXECUTE format('CREATE CONSTRAINT TRIGGER dsql_emulator_size AFTER INSERT OR UPDATE ON %s '
                   'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dsql_emulator.check_size()',
                   r.object_identity);
  END LOOP;
END $$;

-- sys.jobs / sys.wait_for_job (docs/dsql-behaviour.md §5; columns as observed in golden:index.json)
CREATE SCHEMA sys;
GRANT USAGE ON SCHEMA sys TO PUBLIC;
CREATE TABLE sys.jobs (job_id text PRIMARY KEY, status text NOT NULL, details text, job_type text NOT NULL,
  class_id oid, object_id oid, object_name text, start_time timestamptz NOT NULL, update_time timestamptz NOT NULL);
GRANT SELECT ON sys.jobs TO PUBLIC;
CREATE PROCEDURE dsql_emulator.record_job(id text, kind text, rel text, idx text)
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE obj oid;
BEGIN
  IF kind = 'INDEX_BUILD' THEN
    IF idx IS NOT NULL THEN
      SELECT c.oid INTO obj FROM pg_class c WHERE c.relname = idx AND c.relkind = 'i'
        AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = to_regclass(rel));
    ELSE
      SELECT max(indexrelid) INTO obj FROM pg_index WHERE indrelid = to_regclass(rel);
    END IF;
  ELSE
    obj := to_regclass(rel);
  END IF;
  INSERT INTO sys.jobs VALUES (id, 'completed', NULL, kind, 1259, obj, NULL, now(), clock_timestamp());
END $$;
GRANT EXECUTE ON PROCEDURE dsql_emulator.record_job(text, text, text, text) TO PUBLIC;
CREATE PROCEDURE sys.wait_for_job(id text, INOUT wait_for_job boolean DEFAULT NULL)
LANGUAGE plpgsql AS $$
BEGIN
  IF id IS NULL OR id !~ '^[a-z2-7]{26}$' THEN
    RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = 'Unable to convert text to UUID';
  END IF;
  wait_for_job := EXISTS (SELECT 1 FROM sys.jobs j WHERE j.job_id = id AND j.status = 'completed');
END $$;
GRANT EXECUTE ON PROCEDURE sys.wait_for_job(text, boolean) TO PUBLIC;

CREATE EVENT TRIGGER dsql_emulator_create_table ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION dsql_emulator.on_create_table();
""".replace("@ROW_LIMIT@", str(ROW_LIMIT)).replace("@SIZE_LIMIT@", str(SIZE_LIMIT))
