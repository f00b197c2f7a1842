-- Why: the foreign key from es.ledger to es.events made every sealed row take a FOR KEY SHARE lock on its event,
-- rewriting the event tuple's xmax (heap write and WAL per event). Events cannot be deleted (triggers, grants) and
-- `careers verify` reports any ledger row whose event is missing, so the key added cost without adding protection.
ALTER TABLE es.ledger DROP CONSTRAINT ledger_seq_id_fkey;
