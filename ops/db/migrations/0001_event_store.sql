-- Event store schema (design: /work/shared/design/event-store.md 7.1). Forward-only; never edit once applied.
CREATE SCHEMA IF NOT EXISTS es;
CREATE SCHEMA IF NOT EXISTS rm;

-- Stream heads: identity, optimistic concurrency, lifecycle. Stream ids are globally unique uuids.
CREATE TABLE es.streams (
    stream_id    uuid        PRIMARY KEY,
    tenant_id    text        NOT NULL,
    stream_type  text        NOT NULL,
    version      bigint      NOT NULL,
    status       smallint    NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Insert-only event rows stamped with the writing transaction id; seq_id is allocation order only.
CREATE TABLE es.events (
    seq_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_id        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    log_epoch    int         NOT NULL DEFAULT 1,
    tenant_id    text        NOT NULL,
    stream_id    uuid        NOT NULL,
    stream_type  text        NOT NULL,
    version      bigint      NOT NULL,
    event_id     uuid        NOT NULL,
    event_type   text        NOT NULL,
    schema_ver   smallint    NOT NULL DEFAULT 1,
    data         jsonb       NOT NULL,
    metadata     jsonb       NOT NULL,
    subject_keys uuid[]      NULL,
    recorded_at  timestamptz NOT NULL DEFAULT transaction_timestamp(),
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version)
);
CREATE INDEX events_sealer_cursor ON es.events (log_epoch, tx_id, seq_id);
CREATE UNIQUE INDEX events_event_id_unique ON es.events (event_id);

-- Sealed global log: gapless positions and hash chains, written only by the sealer.
CREATE TABLE es.ledger (
    position     bigint      PRIMARY KEY,
    seq_id       bigint      NOT NULL UNIQUE REFERENCES es.events (seq_id),
    tenant_id    text        NOT NULL,
    stream_id    uuid        NOT NULL,
    version      bigint      NOT NULL,
    event_type   text        NOT NULL,
    payload_hash bytea       NOT NULL,
    chain_hash   bytea       NOT NULL,
    tenant_chain bytea       NOT NULL,
    sealed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ledger_stream_version_unique UNIQUE (stream_id, version)
);
CREATE INDEX ledger_type_position ON es.ledger (event_type, position);
CREATE INDEX ledger_tenant_position ON es.ledger (tenant_id, position);

CREATE TABLE es.ledger_head (
    id         int         PRIMARY KEY CHECK (id = 1),
    log_epoch  int         NOT NULL,
    position   bigint      NOT NULL,
    chain_hash bytea       NOT NULL,
    last_tx    xid8        NOT NULL,
    last_seq   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO es.ledger_head (id, log_epoch, position, chain_hash, last_tx, last_seq)
VALUES (1, 1, 0, decode(repeat('00', 32), 'hex'), '0'::xid8, 0);

CREATE TABLE es.ledger_checkpoints (
    position          bigint      PRIMARY KEY,
    chain_hash        bytea       NOT NULL,
    merkle_root       bytea       NULL,
    tenant_heads_root bytea       NOT NULL,
    signed_at         timestamptz NOT NULL,
    key_id            text        NOT NULL,
    signature         bytea       NOT NULL,
    public_key        bytea       NOT NULL,
    anchor_uri        text        NULL
);

-- Consumers: one row per (consumer, tenant shard); position is a ledger position.
CREATE TABLE es.checkpoints (
    name              text        NOT NULL,
    tenant_id         text        NOT NULL DEFAULT '*',
    position          bigint      NOT NULL,
    status            text        NOT NULL DEFAULT 'running',
    paused_reason     text        NULL,
    failed_position   bigint      NULL,
    failed_event_type text        NULL,
    owner             text        NULL,
    lease_until       timestamptz NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, tenant_id)
);

-- Operator skips are audit facts: insert-only, like events.
CREATE TABLE es.projection_skips (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    position    bigint      NOT NULL,
    event_type  text        NULL,
    reason      text        NOT NULL,
    actor       text        NOT NULL,
    skipped_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es.outbox (
    id              uuid        PRIMARY KEY,
    dedupe_key      text        NOT NULL UNIQUE,
    destination     text        NOT NULL,
    payload         jsonb       NOT NULL,
    headers         jsonb       NOT NULL DEFAULT '{}',
    status          text        NOT NULL DEFAULT 'pending',
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    deliver_at      timestamptz NULL,
    lease_owner     text        NULL,
    lease_until     timestamptz NULL,
    last_error      text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz NULL
);
CREATE INDEX outbox_pending ON es.outbox (next_attempt_at) WHERE status = 'pending';
CREATE TABLE es.dead_letters (
    LIKE es.outbox INCLUDING ALL,
    dead_at        timestamptz NOT NULL DEFAULT now(),
    exception_type text        NULL,
    replayable     boolean     NOT NULL DEFAULT false
);

-- Append-only guards: the owner role could still bypass grants, the triggers make that deliberate.
CREATE FUNCTION es.reject_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% on %.% is not allowed: the table is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'ES403';
END
$$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON es.events FOR EACH ROW EXECUTE FUNCTION es.reject_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON es.events FOR EACH STATEMENT EXECUTE FUNCTION es.reject_change();
CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON es.ledger FOR EACH ROW EXECUTE FUNCTION es.reject_change();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON es.ledger FOR EACH STATEMENT EXECUTE FUNCTION es.reject_change();
CREATE TRIGGER checkpoints_signed_no_update BEFORE UPDATE OR DELETE ON es.ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION es.reject_change();
CREATE TRIGGER skips_no_update BEFORE UPDATE OR DELETE ON es.projection_skips
    FOR EACH ROW EXECUTE FUNCTION es.reject_change();
