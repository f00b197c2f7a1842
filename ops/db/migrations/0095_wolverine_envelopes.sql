-- Alert delivery moves onto Wolverine's durable inbox (issue 12, stage 2). Part 1 is the schema WolverineFx.Postgresql
-- 6.62.0 builds for its message store in schema wolverine (written out by Wolverine itself with AutoCreate.All, applied
-- here verbatim), so the product runs Wolverine with AutoBuildMessageStorageOnStartup = None against exactly what it
-- expects. Part 2 keeps what our hand-written outbox still held in alerts.legacy_deliveries: Wolverine's envelopes are a
-- binary format SQL cannot write, so the first alert host to start queues the pending ones through Wolverine (and deletes
-- them in the same transaction), and the dead ones stay listed and replayable beside Wolverine's own dead letters. The
-- digests already composed are remembered by key. Then es.outbox and es.dead_letters are dropped.

-- ===== Part 1: WolverineFx.Postgresql 6.62.0's message store (generated, unedited) =====
CREATE SCHEMA wolverine;
CREATE TABLE wolverine.wolverine_agent_restrictions (
    id uuid NOT NULL,
    uri character varying NOT NULL,
    type character varying NOT NULL,
    node integer DEFAULT 0 NOT NULL
);
CREATE TABLE wolverine.wolverine_control_queue (
    id uuid NOT NULL,
    message_type character varying NOT NULL,
    node_id uuid NOT NULL,
    body bytea NOT NULL,
    posted timestamp with time zone DEFAULT now() NOT NULL,
    expires timestamp with time zone
);
CREATE TABLE wolverine.wolverine_dead_letter_history (
    id uuid NOT NULL,
    replay_count integer,
    last_replayed_at timestamp with time zone,
    first_failed_at timestamp with time zone
);
CREATE TABLE wolverine.wolverine_dead_letters (
    id uuid NOT NULL,
    execution_time timestamp with time zone,
    body bytea NOT NULL,
    message_type character varying NOT NULL,
    received_at character varying,
    source character varying,
    exception_type character varying,
    exception_message character varying,
    sent_at timestamp with time zone,
    replayable boolean,
    failure_group character varying(100),
    failure_title character varying(500),
    failed_at timestamp with time zone,
    first_failed_at timestamp with time zone,
    replay_count integer,
    last_replayed_at timestamp with time zone,
    archived_at timestamp with time zone
);
CREATE TABLE wolverine.wolverine_incoming_envelopes (
    id uuid NOT NULL,
    status character varying NOT NULL,
    owner_id integer NOT NULL,
    execution_time timestamp with time zone,
    attempts integer DEFAULT 0,
    body bytea NOT NULL,
    message_type character varying NOT NULL,
    received_at character varying,
    keep_until timestamp with time zone
);
CREATE TABLE wolverine.wolverine_node_assignments (
    id character varying NOT NULL,
    node_id uuid,
    started timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE wolverine.wolverine_node_records (
    id integer NOT NULL,
    node_number integer NOT NULL,
    event_name character varying NOT NULL,
    "timestamp" timestamp with time zone DEFAULT now() NOT NULL,
    description character varying
);
CREATE SEQUENCE wolverine.wolverine_node_records_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE wolverine.wolverine_node_records_id_seq OWNED BY wolverine.wolverine_node_records.id;
CREATE TABLE wolverine.wolverine_nodes (
    id uuid NOT NULL,
    node_number integer NOT NULL,
    description character varying NOT NULL,
    uri character varying NOT NULL,
    started timestamp with time zone DEFAULT now() NOT NULL,
    health_check timestamp with time zone DEFAULT now() NOT NULL,
    version character varying,
    capabilities text[]
);
CREATE SEQUENCE wolverine.wolverine_nodes_node_number_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE wolverine.wolverine_nodes_node_number_seq OWNED BY wolverine.wolverine_nodes.node_number;
CREATE TABLE wolverine.wolverine_outgoing_envelopes (
    id uuid NOT NULL,
    owner_id integer NOT NULL,
    destination character varying NOT NULL,
    deliver_by timestamp with time zone,
    body bytea NOT NULL,
    attempts integer DEFAULT 0,
    message_type character varying NOT NULL
);
ALTER TABLE ONLY wolverine.wolverine_node_records ALTER COLUMN id SET DEFAULT nextval('wolverine.wolverine_node_records_id_seq'::regclass);
ALTER TABLE ONLY wolverine.wolverine_nodes ALTER COLUMN node_number SET DEFAULT nextval('wolverine.wolverine_nodes_node_number_seq'::regclass);
ALTER TABLE ONLY wolverine.wolverine_agent_restrictions
    ADD CONSTRAINT pkey_wolverine_agent_restrictions_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_control_queue
    ADD CONSTRAINT pkey_wolverine_control_queue_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_dead_letter_history
    ADD CONSTRAINT pkey_wolverine_dead_letter_history_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_dead_letters
    ADD CONSTRAINT pkey_wolverine_dead_letters_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_incoming_envelopes
    ADD CONSTRAINT pkey_wolverine_incoming_envelopes_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_node_assignments
    ADD CONSTRAINT pkey_wolverine_node_assignments_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_node_records
    ADD CONSTRAINT pkey_wolverine_node_records_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_nodes
    ADD CONSTRAINT pkey_wolverine_nodes_id PRIMARY KEY (id);
ALTER TABLE ONLY wolverine.wolverine_outgoing_envelopes
    ADD CONSTRAINT pkey_wolverine_outgoing_envelopes_id PRIMARY KEY (id);
CREATE INDEX idx_wolverine_dead_letter_history_last_replayed_at ON wolverine.wolverine_dead_letter_history USING btree (last_replayed_at);
CREATE INDEX idx_wolverine_dead_letters_failure_group ON wolverine.wolverine_dead_letters USING btree (failure_group);
CREATE INDEX idx_wolverine_dead_letters_replayable ON wolverine.wolverine_dead_letters USING btree (replayable) WHERE (replayable = true);
CREATE INDEX idx_wolverine_incoming_envelopes_keep_until ON wolverine.wolverine_incoming_envelopes USING btree (keep_until) WHERE ((status)::text = 'Handled'::text);
CREATE INDEX idx_wolverine_incoming_envelopes_owner ON wolverine.wolverine_incoming_envelopes USING btree (owner_id) WHERE (owner_id <> 0);
CREATE INDEX idx_wolverine_incoming_envelopes_recover ON wolverine.wolverine_incoming_envelopes USING btree (received_at) WHERE (((status)::text = 'Incoming'::text) AND (owner_id = 0));
CREATE INDEX idx_wolverine_incoming_envelopes_scheduled ON wolverine.wolverine_incoming_envelopes USING btree (execution_time) WHERE ((status)::text = 'Scheduled'::text);
CREATE INDEX idx_wolverine_outgoing_envelopes_owner ON wolverine.wolverine_outgoing_envelopes USING btree (owner_id) WHERE (owner_id <> 0);
CREATE INDEX idx_wolverine_outgoing_envelopes_recover ON wolverine.wolverine_outgoing_envelopes USING btree (destination) WHERE (owner_id = 0);
ALTER TABLE ONLY wolverine.wolverine_node_assignments
    ADD CONSTRAINT fkey_wolverine_node_assignments_node_id FOREIGN KEY (node_id) REFERENCES wolverine.wolverine_nodes(id) ON DELETE CASCADE;

-- ===== Part 2: ours =====
-- The application role runs Wolverine: it reads and writes the envelopes and the node registry, and changes nothing else.
GRANT USAGE ON SCHEMA wolverine TO careers_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA wolverine TO careers_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA wolverine TO careers_app;

-- One digest per subscriber and date, whichever node composes it (was: a NOT EXISTS on the outbox's dedupe key).
CREATE TABLE alerts.digests (
    dedupe_key      text        PRIMARY KEY,
    subscription_id uuid        NOT NULL,
    composed_at     timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON alerts.digests TO careers_app;
INSERT INTO alerts.digests (dedupe_key, subscription_id, composed_at)
SELECT dedupe_key, destination::uuid, created_at FROM es.outbox WHERE dedupe_key LIKE 'digest:%'
UNION ALL
SELECT dedupe_key, destination::uuid, created_at FROM es.dead_letters WHERE dedupe_key LIKE 'digest:%';

-- A replay now names the Wolverine envelope it made replayable.
ALTER TABLE alerts.replays RENAME COLUMN outbox_id TO envelope_id;

CREATE TABLE alerts.legacy_deliveries (
    id              uuid        PRIMARY KEY,
    subscription_id uuid        NOT NULL,
    dedupe_key      text        NOT NULL UNIQUE,
    payload         jsonb       NOT NULL,
    dead            boolean     NOT NULL,
    attempts        int         NOT NULL,
    last_error      text        NULL,
    exception_type  text        NULL,
    dead_at         timestamptz NULL
);
GRANT SELECT, DELETE ON alerts.legacy_deliveries TO careers_app;
INSERT INTO alerts.legacy_deliveries (id, subscription_id, dedupe_key, payload, dead, attempts, last_error)
SELECT id, destination::uuid, dedupe_key, payload, false, attempts, last_error FROM es.outbox WHERE status IN ('pending', 'leased');
INSERT INTO alerts.legacy_deliveries (id, subscription_id, dedupe_key, payload, dead, attempts, last_error, exception_type, dead_at)
SELECT id, destination::uuid, dedupe_key, payload, true, attempts, last_error, exception_type, dead_at FROM es.dead_letters;

DROP TRIGGER outbox_notify ON es.outbox;
DROP FUNCTION alerts.notify_outbox();
DROP TABLE es.outbox;
DROP TABLE es.dead_letters;
