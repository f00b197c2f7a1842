-- Non-compliance alerts (issue 6): subscriptions and per-trust settings (schema alerts), the alert list read model kept
-- inline with the alert events (rm.alerts), digest items, and what the outbox dispatcher needs on es.outbox/es.dead_letters.
CREATE SCHEMA IF NOT EXISTS alerts;

-- Who receives alerts. The address is personal data (an e-mail address or a webhook URL): it lives only here, so
-- unsubscribing erases it; events and outbox rows name the subscription id only.
CREATE TABLE alerts.subscriptions (
    subscription_id uuid        PRIMARY KEY,
    channel         text        NOT NULL CHECK (channel IN ('email', 'webhook')),
    address         text        NOT NULL,
    secret          text        NULL,
    trust_id        text        NULL,
    school_urns     text[]      NOT NULL DEFAULT '{}',
    min_severity    smallint    NOT NULL DEFAULT 1 CHECK (min_severity BETWEEN 1 AND 3),
    mode            text        NOT NULL CHECK (mode IN ('immediate', 'digest')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text        NOT NULL,
    -- A webhook needs its HMAC key; an e-mail subscription has none.
    CHECK ((channel = 'webhook') = (secret IS NOT NULL)),
    -- Schools are chosen within a trust; a subscription without a trust receives everything, operations alerts included.
    CHECK (trust_id IS NOT NULL OR cardinality(school_urns) = 0)
);

CREATE TABLE alerts.trust_settings (
    trust_id             text    PRIMARY KEY,
    horizon_days         integer NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 0 AND 366),
    referral_triage_days integer NOT NULL DEFAULT 5 CHECK (referral_triage_days >= 0),
    referral_seen_days   integer NOT NULL DEFAULT 20 CHECK (referral_seen_days >= 0)
);

-- Alerts waiting for a subscriber's daily digest; written in the alert's append transaction like outbox rows.
CREATE TABLE alerts.digest_items (
    subscription_id uuid        NOT NULL REFERENCES alerts.subscriptions (subscription_id) ON DELETE CASCADE,
    alert_id        uuid        NOT NULL,
    occurrence      integer     NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    digested_at     timestamptz NULL,
    PRIMARY KEY (subscription_id, alert_id, occurrence)
);
CREATE INDEX digest_items_pending ON alerts.digest_items (subscription_id) WHERE digested_at IS NULL;

-- Operator replays of dead letters: who moved which delivery back, when.
CREATE TABLE alerts.replays (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id   uuid        NOT NULL,
    dedupe_key  text        NOT NULL,
    replayed_by text        NOT NULL,
    replayed_at timestamptz NOT NULL DEFAULT now()
);

-- The alert list (open, acknowledged, resolved), written inline in the alert events' append transaction.
CREATE TABLE rm.alerts (
    alert_id          uuid        PRIMARY KEY,
    dedupe_key        text        NOT NULL UNIQUE,
    rule              text        NOT NULL,
    severity          smallint    NOT NULL,
    trust_id          text        NULL,
    school_urn        text        NULL,
    subject           text        NOT NULL,
    detail            text        NOT NULL,
    count             integer     NULL,
    deadline          date        NULL,
    days_left         integer     NULL,
    status            text        NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    occurrence        integer     NOT NULL,
    raised_at         timestamptz NOT NULL,
    first_raised_at   timestamptz NOT NULL,
    acknowledged_by   text        NULL,
    acknowledged_note text        NULL,
    acknowledged_at   timestamptz NULL,
    resolved_at       timestamptz NULL,
    resolved_by       text        NULL,
    resolution        text        NULL,
    deliveries        integer     NOT NULL DEFAULT 0
);
CREATE INDEX alerts_status ON rm.alerts (status, severity DESC, deadline);
CREATE INDEX alerts_trust ON rm.alerts (trust_id, status);

-- Wake idle dispatchers at once (polling remains the safety net). Alert appends are rare, so the commit serialisation
-- that NOTIFY brings (see PostgresEventStore.NotifyOnAppend) costs nothing here.
CREATE FUNCTION alerts.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('alerts_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON es.outbox FOR EACH STATEMENT EXECUTE FUNCTION alerts.notify_outbox();
CREATE INDEX outbox_leased ON es.outbox (lease_until) WHERE status = 'leased';

GRANT USAGE ON SCHEMA alerts TO careers_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON alerts.subscriptions, alerts.trust_settings, alerts.digest_items TO careers_app;
GRANT SELECT, INSERT ON alerts.replays TO careers_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rm.alerts TO careers_app;
-- Replay moves a dead letter back to the outbox (the replay itself is kept in alerts.replays).
GRANT DELETE ON es.dead_letters TO careers_app;
