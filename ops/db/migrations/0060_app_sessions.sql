-- Browser sessions kept on the server, so sign-out, a password change or disabling an account ends them at once (a
-- copied cookie is worth nothing afterwards), with an idle timeout under the absolute lifetime. The cookie carries
-- only the session id; every request looks the session up by its primary key.
CREATE TABLE app.sessions (
    session_id    uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES app.accounts (account_id),
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz NULL,
    revoked_why   text        NULL CHECK (revoked_why IN ('sign-out', 'password-changed', 'account-disabled')),
    CHECK ((revoked_at IS NULL) = (revoked_why IS NULL))
);
-- Revoking every open session of one account (password change, disable) reads only that account's open sessions.
CREATE INDEX sessions_open_by_account ON app.sessions (account_id) WHERE revoked_at IS NULL;
-- Pruning old sessions at sign-in.
CREATE INDEX sessions_expires ON app.sessions (expires_at);

-- Failed sign-ins counted per (username, client address) pair, whether or not the username exists, so an attacker
-- elsewhere cannot lock out the real user, and an unknown name is answered exactly like a known one. Only a SHA-256 of
-- the pair is kept: a username field sometimes holds a mistyped password.
CREATE TABLE app.login_throttle (
    pair_sha256     bytea       PRIMARY KEY,
    failures        integer     NOT NULL CHECK (failures >= 0),
    last_failure_at timestamptz NOT NULL,
    blocked_until   timestamptz NULL
);
CREATE INDEX login_throttle_last_failure ON app.login_throttle (last_failure_at);

-- The account-wide lockout this replaces is lifted: a lock any stranger could trigger is gone.
UPDATE app.accounts SET failed_attempts = 0, locked_until = NULL WHERE failed_attempts <> 0 OR locked_until IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON app.sessions, app.login_throttle TO careers_app;
