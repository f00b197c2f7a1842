-- The application acts as careers_app (NOLOGIN; connections SET ROLE to it). It may add events but never change them.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careers_app') THEN
        CREATE ROLE careers_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- another database of this cluster created it concurrently
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT careers_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
    NULL; -- superusers need no membership; granting to oneself can be refused
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA es FROM careers_app;
GRANT USAGE ON SCHEMA es TO careers_app;
GRANT USAGE ON SCHEMA rm TO careers_app;
GRANT SELECT ON ALL TABLES IN SCHEMA es TO careers_app;
GRANT INSERT ON es.events, es.streams, es.ledger, es.checkpoints, es.projection_skips, es.outbox, es.dead_letters,
    es.ledger_checkpoints TO careers_app;
-- Only what the store needs to move forward: stream heads, the sealer head, consumer checkpoints, the outbox.
GRANT UPDATE ON es.streams, es.ledger_head, es.checkpoints, es.outbox TO careers_app;
GRANT DELETE ON es.outbox TO careers_app;
GRANT EXECUTE ON FUNCTION es.append(uuid, text, text, bigint, boolean, uuid[], text[], smallint[], jsonb[], jsonb[])
    TO careers_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA rm GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO careers_app;
