-- Issue 13 (security boundary): only the sealer writes the ledger. The application role keeps reading it (reports,
-- evidence seals, the projection daemon) and adding events, but can no longer insert ledger rows or move the ledger's
-- head; the sealer acts as careers_sealer, which may read the events and write the ledger and nothing else.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careers_sealer') THEN
        CREATE ROLE careers_sealer NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- another database of this cluster created it concurrently
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT careers_sealer TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
    NULL; -- superusers need no membership; granting to oneself can be refused
END
$$;

GRANT USAGE ON SCHEMA es TO careers_sealer;
GRANT SELECT ON es.mt_events, es.mt_streams, es.events, es.streams, es.ledger, es.ledger_head TO careers_sealer;
GRANT INSERT ON es.ledger TO careers_sealer;
GRANT UPDATE ON es.ledger_head TO careers_sealer;

REVOKE INSERT, UPDATE, DELETE ON es.ledger FROM careers_app;
REVOKE INSERT, UPDATE, DELETE ON es.ledger_head FROM careers_app;
