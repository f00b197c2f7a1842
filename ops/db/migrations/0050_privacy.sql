-- Data protection (eventmodel/decisions/0030): erased pupils are recognised by a keyed hash of their UPN, and a
-- sealed event's free text can be redacted only in the audited, hash-preserving way of event-store.md 7.7.
ALTER TABLE pii.pupils ADD COLUMN upn_hmac bytea NULL;   -- HMAC-SHA-256 of the UPN, set on erasure; the key lives outside the database
CREATE UNIQUE INDEX pupils_upn_hmac ON pii.pupils (upn_hmac) WHERE upn_hmac IS NOT NULL;

-- One row per redacted event: the payload hash the ledger sealed, so the verifier can still check the chain.
CREATE TABLE es.redactions (
    event_id              uuid        PRIMARY KEY,
    seq_id                bigint      NOT NULL UNIQUE,
    original_payload_hash bytea       NOT NULL,
    fields                text[]      NOT NULL,
    reason                text        NOT NULL,
    actor                 text        NOT NULL,
    redacted_at           timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER redactions_no_update BEFORE UPDATE OR DELETE ON es.redactions FOR EACH ROW EXECUTE FUNCTION es.reject_change();
CREATE TRIGGER redactions_no_truncate BEFORE TRUNCATE ON es.redactions FOR EACH STATEMENT EXECUTE FUNCTION es.reject_change();
GRANT SELECT ON es.redactions TO careers_app;

-- Why a narrower guard than es.reject_change: the one permitted change to a stored event is replacing its data during a
-- redaction that this transaction announced (set_config('es.redacting_event', id, true)) and recorded in es.redactions
-- with the hash the ledger sealed. Everything else about the row stays as it was; DELETE stays impossible.
CREATE FUNCTION es.guard_event_update() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF current_setting('es.redacting_event', true) IS DISTINCT FROM OLD.event_id::text THEN
        RAISE EXCEPTION 'UPDATE on es.events is not allowed: the table is append-only' USING ERRCODE = 'ES403';
    END IF;
    IF (NEW.seq_id, NEW.tx_id, NEW.log_epoch, NEW.tenant_id, NEW.stream_id, NEW.stream_type, NEW.version, NEW.event_id,
        NEW.event_type, NEW.schema_ver, NEW.metadata, NEW.subject_keys, NEW.recorded_at)
       IS DISTINCT FROM
       (OLD.seq_id, OLD.tx_id, OLD.log_epoch, OLD.tenant_id, OLD.stream_id, OLD.stream_type, OLD.version, OLD.event_id,
        OLD.event_type, OLD.schema_ver, OLD.metadata, OLD.subject_keys, OLD.recorded_at) THEN
        RAISE EXCEPTION 'a redaction may change only the data of event %', OLD.event_id USING ERRCODE = 'ES403';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM es.redactions r JOIN es.ledger l ON l.seq_id = r.seq_id
                    WHERE r.event_id = OLD.event_id AND r.seq_id = OLD.seq_id AND r.original_payload_hash = l.payload_hash) THEN
        RAISE EXCEPTION 'event % may be redacted only once sealed and recorded in es.redactions with its sealed payload hash', OLD.event_id
            USING ERRCODE = 'ES403';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER events_no_update ON es.events;
CREATE TRIGGER events_no_delete BEFORE DELETE ON es.events FOR EACH ROW EXECUTE FUNCTION es.reject_change();
CREATE TRIGGER events_update_only_redaction BEFORE UPDATE ON es.events FOR EACH ROW EXECUTE FUNCTION es.guard_event_update();
