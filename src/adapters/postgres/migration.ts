/**
 * The PostgreSQL schema of foldwise as an idempotent, versioned migration. The same SQL is
 * shipped as `sql/001_foldwise.sql` (for the default schema `foldwise`) for users who run
 * migrations themselves; a test keeps the two identical.
 *
 * @since 0.1.0
 */
import type { Pool } from 'pg'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The schema a store uses when none is given.
 *
 * @category model
 * @since 0.1.0
 */
export const defaultSchema = 'foldwise'

/**
 * The version the code expects; `migrations` records every version applied.
 *
 * @category model
 * @since 0.1.0
 */
export const schemaVersion = 1

const identifier = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Whether `schema` is a plain lower-case SQL identifier (the only kind foldwise accepts, so it
 * can be spliced into SQL and channel names without quoting surprises).
 *
 * @category guards
 * @since 0.1.0
 */
export const isSchemaName = (schema: string): boolean => identifier.test(schema)

/**
 * The `LISTEN/NOTIFY` channel an append in `schema` notifies.
 *
 * @category model
 * @since 0.1.0
 */
export const notifyChannel = (schema: string): string => `${schema}_appended`

// -------------------------------------------------------------------------------------
// SQL
// -------------------------------------------------------------------------------------

/**
 * Migration 1: tables, indexes and the append function, in `schema`. Every statement is
 * idempotent, so running it twice changes nothing.
 *
 * The append function serializes appends with a transaction-scoped advisory lock held until
 * commit: positions are assigned as `max + 1` under the lock, so they are dense and commit in
 * order (a reader never passes a position that commits later). That needs each statement to see
 * what committed before the lock was taken, that is READ COMMITTED: the function refuses any
 * other isolation level (SQLSTATE `FW001`) and the store then appends in an explicit
 * `BEGIN ISOLATION LEVEL READ COMMITTED` transaction. See docs/postgres.md.
 *
 * @category SQL
 * @since 0.1.0
 */
export const migrationSql = (
  schema: string,
): string => `-- foldwise schema, migration 1 (schema "${schema}")
CREATE SCHEMA IF NOT EXISTS ${schema};

CREATE TABLE IF NOT EXISTS ${schema}.migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ${schema}.events (
  global_position bigint PRIMARY KEY CHECK (global_position >= 1),
  stream_id text NOT NULL,
  stream_version bigint NOT NULL CHECK (stream_version >= 1),
  event_id text NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
  CONSTRAINT events_event_id_key UNIQUE (event_id)
);

CREATE TABLE IF NOT EXISTS ${schema}.snapshots (
  stream_id text PRIMARY KEY,
  stream_version bigint NOT NULL,
  state_version integer NOT NULL,
  state jsonb NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ${schema}.checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL,
  read_model jsonb NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ${schema}.read_models (
  projection text NOT NULL,
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, key)
);

-- Appends (a JSON array of {s: stream id, x: expected version, e: events}) under one lock and
-- one commit, each checked on its own: 'any', 'no_stream', 'stream_exists', a decimal version,
-- or anything else, which never matches. Returns one row per append, in order: ok, the stream's
-- version before it, the global position of its first event, and, when one of its event ids is
-- already stored, that id (ok is then false and nothing of that append is written).
-- Positions are read after the lock, so the function refuses to run in a transaction whose
-- snapshot predates it (REPEATABLE READ, SERIALIZABLE): SQLSTATE FW001.
CREATE OR REPLACE FUNCTION ${schema}.append_many(p_appends jsonb)
RETURNS TABLE (ok boolean, actual bigint, first_position bigint, duplicate text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_append jsonb;
  v_stream text;
  v_expected text;
  v_actual bigint;
  v_head bigint;
  v_start bigint;
  v_count bigint;
  v_duplicate text;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'foldwise appends need READ COMMITTED, not %',
      current_setting('transaction_isolation') USING ERRCODE = 'FW001';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('foldwise.append'), hashtext('${schema}'));
  SELECT coalesce(max(e.global_position), 0) INTO v_head FROM ${schema}.events e;
  v_start := v_head;
  FOR v_append IN SELECT a.value FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS a(value, n) ORDER BY a.n LOOP
    v_stream := v_append->>'s';
    v_expected := v_append->>'x';
    v_count := jsonb_array_length(v_append->'e');
    SELECT coalesce(max(e.stream_version), 0) INTO v_actual
      FROM ${schema}.events e WHERE e.stream_id = v_stream;
    IF NOT (v_expected = 'any'
        OR (v_expected = 'no_stream' AND v_actual = 0)
        OR (v_expected = 'stream_exists' AND v_actual > 0)
        OR (v_expected ~ '^-?[0-9]{1,18}$' AND v_actual = v_expected::bigint)) THEN
      ok := false; actual := v_actual; first_position := 0; duplicate := NULL;
      RETURN NEXT;
      CONTINUE;
    END IF;
    SELECT x.e->>'eventId' INTO v_duplicate
      FROM jsonb_array_elements(v_append->'e') WITH ORDINALITY AS x(e, n)
     WHERE EXISTS (SELECT 1 FROM ${schema}.events e WHERE e.event_id = x.e->>'eventId')
     ORDER BY x.n LIMIT 1;
    IF v_duplicate IS NOT NULL THEN
      ok := false; actual := v_actual; first_position := 0; duplicate := v_duplicate;
      RETURN NEXT;
      CONTINUE;
    END IF;
    INSERT INTO ${schema}.events
      (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata)
    SELECT v_head + x.n, v_stream, v_actual + x.n, x.e->>'eventId', x.e->>'type',
           (x.e->>'schemaVersion')::integer, x.e->'data', x.e->'metadata'
      FROM jsonb_array_elements(v_append->'e') WITH ORDINALITY AS x(e, n);
    ok := true; actual := v_actual; first_position := v_head + 1; duplicate := NULL;
    RETURN NEXT;
    v_head := v_head + v_count;
  END LOOP;
  IF v_head > v_start THEN
    PERFORM pg_notify('${notifyChannel(schema)}', v_head::text);
  END IF;
END
$fn$;

INSERT INTO ${schema}.migrations (version, name) VALUES (1, '001_foldwise')
  ON CONFLICT (version) DO NOTHING;
`

/**
 * Runs the migration in one transaction, serialized across processes by an advisory lock, so
 * any number of processes may open the same database at once.
 *
 * @category SQL
 * @since 0.1.0
 */
export const migrate = async (pool: Pool, schema: string): Promise<void> => {
  // The name is spliced into SQL: a caller who skipped `openPostgresStore`'s check gets nothing run.
  if (!isSchemaName(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`)
  const client = await pool.connect()
  let broken: unknown = undefined
  try {
    // READ COMMITTED whatever the server's default: the version is read after the lock and must
    // see a migration another process committed while this one waited.
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED')
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      'foldwise.migrate',
      schema,
    ])
    const present = await client.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [`${schema}.migrations`],
    )
    const version = present.rows[0]?.present
      ? ((
          await client.query<{ version: number | null }>(
            `SELECT max(version) AS version FROM ${schema}.migrations`,
          )
        ).rows[0]?.version ?? 0)
      : 0
    if (version < schemaVersion) await client.query(migrationSql(schema))
    await client.query('COMMIT')
  } catch (error) {
    broken = error
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release(broken instanceof Error ? broken : undefined)
  }
}
