// The schema, as an ordered list of migrations applied once each and recorded in schema_migrations. Migrations only
// ever get appended: a database created by any earlier release upgrades by running the ones it has not seen.
import type { SqlDriver } from './driver.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'keys, policies, items, assessments, outbox',
    sql: `
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        key_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('platform', 'admin')),
        name text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );

      -- Every policy ever activated; the active one is the latest.
      CREATE TABLE policies (
        seq bigserial PRIMARY KEY,
        version text NOT NULL UNIQUE,
        name text NOT NULL,
        yaml text NOT NULL,
        uploaded_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- One row per platform post. status 'pending' means accepted but not yet assessed: the background assessor
      -- works through pending rows in queued_seq order, so nothing acknowledged is lost across a crash.
      CREATE SEQUENCE item_queue_seq;
      CREATE TABLE items (
        id text PRIMARY KEY,
        text text NOT NULL,
        author text,
        reach bigint,
        created_at timestamptz,
        metadata jsonb,
        status text NOT NULL CHECK (status IN ('pending', 'assessed')),
        enforcement text NOT NULL DEFAULT 'none' CHECK (enforcement IN ('none', 'held', 'removed')),
        queued_seq bigint,
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX items_pending ON items (queued_seq) WHERE status = 'pending';

      CREATE TABLE assessments (
        id bigserial PRIMARY KEY,
        item_id text NOT NULL REFERENCES items (id),
        mode text NOT NULL CHECK (mode IN ('sync', 'async')),
        policy_version text NOT NULL,
        action text NOT NULL,
        category text NOT NULL,
        score double precision NOT NULL,
        decision jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX assessments_item ON assessments (item_id, id);

      -- Actions for the platform, written in the same transaction as the assessment that caused them and delivered
      -- by the webhook worker. payload is the exact body sent, so every retry carries the same bytes.
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        item_id text NOT NULL REFERENCES items (id),
        action text NOT NULL CHECK (action IN ('remove', 'restore', 'hold')),
        payload text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        delivered_at timestamptz
      );
      CREATE INDEX outbox_undelivered ON outbox (item_id, id) WHERE delivered_at IS NULL;
      CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
    `,
  },
  {
    version: 2,
    name: 'record assessments in one call',
    // One call per group of assessments, with its statements planned once per connection: on PGlite every round
    // trip costs far more than the rows it carries. The caller has worked out, for each post, the enforcement its
    // decision calls for and the action that would announce it; this function compares with the stored enforcement
    // (locking the posts), keeps only background assessments still current, and writes post, assessment and (when
    // the enforcement changes) the outbox message. Each post may appear once per call. Returns the kept entries
    // with the action queued for each, if any.
    sql: `
      CREATE FUNCTION vigil_record_assessments(entries jsonb)
      RETURNS TABLE (entry integer, queued_action text)
      LANGUAGE plpgsql AS $function$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(entries) AS x(
            entry integer, id text, text text, author text, reach bigint, created_at timestamptz, metadata jsonb,
            mode text, queued_seq bigint, enforcement text, policy_version text, action text, category text,
            score double precision, decision jsonb, message_id text, platform_action text, payload text)
        ),
        previous AS (
          SELECT items.id, items.status, items.enforcement, items.queued_seq FROM items
          WHERE items.id IN (SELECT input.id FROM input) ORDER BY items.id FOR UPDATE
        ),
        kept AS (
          SELECT input.*, coalesce(previous.enforcement, 'none') AS before
          FROM input LEFT JOIN previous ON previous.id = input.id
          WHERE input.mode = 'sync' OR (previous.status = 'pending' AND previous.queued_seq = input.queued_seq)
        ),
        saved_items AS (
          INSERT INTO items (id, text, author, reach, created_at, metadata, status, enforcement)
          SELECT kept.id, kept.text, kept.author, kept.reach, kept.created_at, kept.metadata, 'assessed', kept.enforcement
          FROM kept
          ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, author = EXCLUDED.author, reach = EXCLUDED.reach,
            created_at = EXCLUDED.created_at, metadata = EXCLUDED.metadata, status = 'assessed',
            enforcement = EXCLUDED.enforcement, queued_seq = NULL, updated_at = now()
        ),
        saved_assessments AS (
          INSERT INTO assessments (item_id, mode, policy_version, action, category, score, decision)
          SELECT kept.id, kept.mode, kept.policy_version, kept.action, kept.category, kept.score, kept.decision
          FROM kept ORDER BY kept.entry
        ),
        saved_messages AS (
          INSERT INTO outbox (message_id, item_id, action, payload)
          SELECT kept.message_id, kept.id, kept.platform_action, kept.payload
          FROM kept WHERE kept.enforcement <> kept.before ORDER BY kept.entry
        )
        SELECT kept.entry, CASE WHEN kept.enforcement <> kept.before THEN kept.platform_action END FROM kept;
      END
      $function$;
    `,
  },
  {
    version: 3,
    name: 'background assessments update the queued post in place',
    // Same contract as version 2. A background assessment's post is already stored (it was queued), so it is updated
    // in place and its text and fields are not sent again: less to parse, and a long text is not rewritten.
    sql: `
      CREATE OR REPLACE FUNCTION vigil_record_assessments(entries jsonb)
      RETURNS TABLE (entry integer, queued_action text)
      LANGUAGE plpgsql AS $function$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(entries) AS x(
            entry integer, id text, text text, author text, reach bigint, created_at timestamptz, metadata jsonb,
            mode text, queued_seq bigint, enforcement text, policy_version text, action text, category text,
            score double precision, decision jsonb, message_id text, platform_action text, payload text)
        ),
        previous AS (
          SELECT items.id, items.status, items.enforcement, items.queued_seq FROM items
          WHERE items.id IN (SELECT input.id FROM input) ORDER BY items.id FOR UPDATE
        ),
        kept AS (
          SELECT input.*, coalesce(previous.enforcement, 'none') AS before
          FROM input LEFT JOIN previous ON previous.id = input.id
          WHERE input.mode = 'sync' OR (previous.status = 'pending' AND previous.queued_seq = input.queued_seq)
        ),
        saved_posts AS (
          INSERT INTO items (id, text, author, reach, created_at, metadata, status, enforcement)
          SELECT kept.id, kept.text, kept.author, kept.reach, kept.created_at, kept.metadata, 'assessed', kept.enforcement
          FROM kept WHERE kept.mode = 'sync'
          ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, author = EXCLUDED.author, reach = EXCLUDED.reach,
            created_at = EXCLUDED.created_at, metadata = EXCLUDED.metadata, status = 'assessed',
            enforcement = EXCLUDED.enforcement, queued_seq = NULL, updated_at = now()
        ),
        updated_queued AS (
          UPDATE items SET status = 'assessed', enforcement = kept.enforcement, queued_seq = NULL, updated_at = now()
          FROM kept WHERE kept.mode = 'async' AND items.id = kept.id
        ),
        saved_assessments AS (
          INSERT INTO assessments (item_id, mode, policy_version, action, category, score, decision)
          SELECT kept.id, kept.mode, kept.policy_version, kept.action, kept.category, kept.score, kept.decision
          FROM kept ORDER BY kept.entry
        ),
        saved_messages AS (
          INSERT INTO outbox (message_id, item_id, action, payload)
          SELECT kept.message_id, kept.id, kept.platform_action, kept.payload
          FROM kept WHERE kept.enforcement <> kept.before ORDER BY kept.entry
        )
        SELECT kept.entry, CASE WHEN kept.enforcement <> kept.before THEN kept.platform_action END FROM kept;
      END
      $function$;
    `,
  },
  {
    version: 4,
    name: 'review cases, assignments, votes, gold, case events, accounts, sessions',
    // Review times are epoch milliseconds in double precision columns (exact to 2^53), the same numbers the pure review
    // core (src/review) computes with. `state` is the whole ReviewCase; the other columns are what queries filter and
    // order by. See the comment at the top of src/review/queue.ts for the next-case query these indexes serve.
    sql: `
      CREATE TABLE review_cases (
        id text PRIMARY KEY,
        item_id text NOT NULL REFERENCES items (id),
        status text NOT NULL CHECK (status IN ('open', 'escalated', 'decided')),
        priority double precision NOT NULL,
        opened_at double precision NOT NULL,
        recompute_at double precision,
        votes_needed integer NOT NULL,
        needs_trusted_vote boolean NOT NULL DEFAULT false,
        category text NOT NULL,
        deadline_at double precision,
        decided_at double precision,
        action text,
        state jsonb NOT NULL
      );
      CREATE UNIQUE INDEX review_cases_open_item ON review_cases (item_id) WHERE status <> 'decided';
      CREATE INDEX review_cases_queue ON review_cases (status, priority DESC, opened_at, id) WHERE status <> 'decided';
      CREATE INDEX review_cases_recompute ON review_cases (recompute_at) WHERE status <> 'decided';
      CREATE INDEX review_cases_decided ON review_cases (decided_at) WHERE status = 'decided';

      -- One row per reviewer and case (or gold case) they were shown or voted on; a live lease has released_at NULL
      -- and lease_expires_at in the future.
      CREATE TABLE review_assignments (
        case_id text NOT NULL,
        reviewer_id text NOT NULL,
        lease_expires_at double precision NOT NULL,
        released_at double precision,
        PRIMARY KEY (case_id, reviewer_id)
      );

      CREATE TABLE review_votes (
        id bigserial PRIMARY KEY,
        case_id text NOT NULL REFERENCES review_cases (id),
        reviewer_id text NOT NULL,
        role text NOT NULL,
        verdict text NOT NULL CHECK (verdict IN ('remove', 'allow', 'escalate')),
        reason_id text NOT NULL,
        trusted boolean NOT NULL,
        at double precision NOT NULL
      );
      CREATE INDEX review_votes_reviewer ON review_votes (reviewer_id, id);

      CREATE TABLE gold_cases (
        id text PRIMARY KEY,
        item_id text NOT NULL REFERENCES items (id),
        answer text NOT NULL CHECK (answer IN ('remove', 'allow'))
      );
      CREATE TABLE gold_records (
        reviewer_id text PRIMARY KEY,
        answered integer NOT NULL DEFAULT 0,
        correct integer NOT NULL DEFAULT 0
      );

      -- The case history, in order: signals, votes, decisions, actions (Ozone-style typed events).
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id text NOT NULL REFERENCES review_cases (id),
        kind text NOT NULL,
        actor text,
        at double precision NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX case_events_case ON case_events (case_id, id);

      CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('volunteer', 'moderator', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      );
      -- Only the SHA-256 of a session token is stored, like API keys.
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users (id),
        csrf_token text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
    `,
  },
  {
    version: 5,
    name: 'reports, reporter keys, strikes, account actions, enforcement decisions, appeals, time to action',
    // The outbox now also carries report status changes, account actions and appeal outcomes: its ordering key
    // (item_id) is a post id or "account:<id>", so it no longer references items, and its action is any of those kinds.
    sql: `
      ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
      ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('platform', 'admin', 'trusted_flagger', 'authority'));
      ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_item_id_fkey;
      ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_action_check;

      -- A bulk report: one tracking id for many reports sent together.
      CREATE TABLE report_batches (
        id text PRIMARY KEY,
        reporter_kind text NOT NULL,
        reporter_id text NOT NULL,
        key_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE reports (
        id text PRIMARY KEY,
        reporter_kind text NOT NULL CHECK (reporter_kind IN ('user', 'trusted_flagger', 'authority')),
        reporter_id text NOT NULL,
        key_id text,
        item_id text NOT NULL,
        item_url text,
        reason text NOT NULL,
        category text NOT NULL,
        details text,
        batch_id text REFERENCES report_batches (id),
        case_id text,
        status text NOT NULL CHECK (status IN ('received', 'in_review', 'actioned', 'no_violation')),
        outcome jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      );
      CREATE INDEX reports_item_open ON reports (item_id) WHERE status IN ('received', 'in_review');
      CREATE INDEX reports_batch ON reports (batch_id, id);

      -- Time to action: from the first report or detection of a post to its removal (one row per post episode).
      CREATE TABLE action_times (
        item_id text PRIMARY KEY,
        case_id text,
        first_signal text NOT NULL CHECK (first_signal IN ('report', 'detection')),
        category text NOT NULL,
        flagged_at timestamptz NOT NULL,
        deadline_at timestamptz NOT NULL,
        -- When a decision was taken (removal or allowed): a deadline breach is a decision after deadline_at.
        decided_at timestamptz,
        removed_at timestamptz
      );

      -- Every enforcement decision on a post or an account, with who or what took it and its statement of reasons.
      CREATE TABLE enforcement_decisions (
        id text PRIMARY KEY,
        subject text NOT NULL CHECK (subject IN ('post', 'account')),
        item_id text,
        account_id text,
        action text NOT NULL,
        category text NOT NULL,
        decided_by text NOT NULL,
        automated boolean NOT NULL,
        until timestamptz,
        statement jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        overturned_at timestamptz,
        overturned_by_appeal text
      );
      CREATE INDEX enforcement_decisions_item ON enforcement_decisions (item_id, created_at);
      CREATE INDEX enforcement_decisions_account ON enforcement_decisions (account_id, created_at);

      CREATE TABLE strikes (
        id text PRIMARY KEY,
        account_id text NOT NULL,
        item_id text,
        decision_id text NOT NULL REFERENCES enforcement_decisions (id),
        category text NOT NULL,
        weight double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        withdrawn_at timestamptz
      );
      CREATE INDEX strikes_account ON strikes (account_id, expires_at);

      CREATE TABLE appeals (
        id text PRIMARY KEY,
        decision_id text NOT NULL REFERENCES enforcement_decisions (id),
        account_id text NOT NULL,
        statement text,
        status text NOT NULL CHECK (status IN ('pending', 'upheld', 'reversed')),
        needs_role text NOT NULL,
        excluded_reviewer text,
        reviewer_id text,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      );
      CREATE UNIQUE INDEX appeals_one_pending ON appeals (decision_id) WHERE status = 'pending';
    `,
  },
  {
    version: 6,
    name: 'author context for reviewers',
    // The review screen shows an author's earlier removed posts; without this every case shown scans all posts.
    sql: `CREATE INDEX items_author_removed ON items (author, updated_at DESC) WHERE enforcement = 'removed';`,
  },
  {
    version: 7,
    name: 'reports keep the order they were filed in',
    // A bulk report lists its posts in the order sent; timestamps of rows written by one statement can tie.
    sql: `ALTER TABLE reports ADD COLUMN seq bigserial;
      DROP INDEX reports_batch;
      CREATE INDEX reports_batch ON reports (batch_id, seq);`,
  },
  {
    version: 8,
    name: 'gold cases keep their reason, author and time',
    // Gold added through the API is listed for moderators; the reason tells them why the answer is what it is.
    sql: `ALTER TABLE gold_cases ADD COLUMN reason text, ADD COLUMN added_by text, ADD COLUMN added_at double precision;`,
  },
];

/**
 * Functions, replaced at every start after the migrations, so that each release runs its own version of them
 * (migrations 2 and 3 created earlier ones). vigil_record_assessments: see migrations 2 and 3 for its contract.
 *
 * PL/pgSQL keeps a generic plan per connection once a few calls cost about the same; one made while the posts table
 * was nearly empty scans the whole table for every call ever after (PostgreSQL's background queue drained 300 posts/s
 * instead of thousands). Every row this function reads it finds by primary key, so enable_seqscan = off makes the
 * kept plan an index lookup whatever the table's size then; planning every call instead (force_custom_plan) would
 * cost 1.5 ms a call on PGlite.
 */
export const ROUTINES = `
      CREATE OR REPLACE FUNCTION vigil_record_assessments(entries jsonb)
      RETURNS TABLE (entry integer, queued_action text)
      LANGUAGE plpgsql SET enable_seqscan = off AS $function$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(entries) AS x(
            entry integer, id text, text text, author text, reach bigint, created_at timestamptz, metadata jsonb,
            mode text, queued_seq bigint, enforcement text, policy_version text, action text, category text,
            score double precision, decision jsonb, message_id text, platform_action text, payload text)
        ),
        previous AS (
          -- = ANY(ARRAY(...)) is an index lookup; IN (SELECT ...) was planned as a scan of every post.
          SELECT items.id, items.status, items.enforcement, items.queued_seq FROM items
          WHERE items.id = ANY (ARRAY(SELECT input.id FROM input)) ORDER BY items.id FOR UPDATE
        ),
        kept AS (
          SELECT input.*, coalesce(previous.enforcement, 'none') AS before
          FROM input LEFT JOIN previous ON previous.id = input.id
          WHERE input.mode = 'sync' OR (previous.status = 'pending' AND previous.queued_seq = input.queued_seq)
        ),
        saved_posts AS (
          INSERT INTO items (id, text, author, reach, created_at, metadata, status, enforcement)
          SELECT kept.id, kept.text, kept.author, kept.reach, kept.created_at, kept.metadata, 'assessed', kept.enforcement
          FROM kept WHERE kept.mode = 'sync'
          ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, author = EXCLUDED.author, reach = EXCLUDED.reach,
            created_at = EXCLUDED.created_at, metadata = EXCLUDED.metadata, status = 'assessed',
            enforcement = EXCLUDED.enforcement, queued_seq = NULL, updated_at = now()
        ),
        updated_queued AS (
          UPDATE items SET status = 'assessed', enforcement = kept.enforcement, queued_seq = NULL, updated_at = now()
          FROM kept WHERE kept.mode = 'async' AND items.id = kept.id
        ),
        saved_assessments AS (
          INSERT INTO assessments (item_id, mode, policy_version, action, category, score, decision)
          SELECT kept.id, kept.mode, kept.policy_version, kept.action, kept.category, kept.score, kept.decision
          FROM kept ORDER BY kept.entry
        ),
        saved_messages AS (
          INSERT INTO outbox (message_id, item_id, action, payload)
          SELECT kept.message_id, kept.id, kept.platform_action, kept.payload
          FROM kept WHERE kept.enforcement <> kept.before ORDER BY kept.entry
        )
        SELECT kept.entry, CASE WHEN kept.enforcement <> kept.before THEN kept.platform_action END FROM kept;
      END
      $function$;
`;

/** Applies the migrations this database has not seen, each in its own transaction. Returns how many ran. */
export async function migrate(driver: SqlDriver): Promise<number> {
  await driver.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  let applied = 0;
  for (const migration of MIGRATIONS) {
    const ran = await driver.transaction(async (tx) => {
      // Several servers sharing one PostgreSQL may start together: the advisory lock lets one migrate at a time.
      await tx.query('SELECT pg_advisory_xact_lock(4242001)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return false;
      await tx.script(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied++;
  }
  await driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4242001)');
    await tx.script(ROUTINES);
  });
  return applied;
}
