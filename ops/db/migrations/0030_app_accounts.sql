-- Accounts, roles and scopes, inspector grants, API tokens and the access log of the web application (schema app).
-- Passwords and tokens are stored only as hashes. The access log is insert-only: it is evidence of who saw pupil data.
CREATE SCHEMA IF NOT EXISTS app;

CREATE TABLE app.accounts (
    account_id          uuid        PRIMARY KEY,
    username            text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    display_name        text        NOT NULL,
    role                text        NOT NULL CHECK (role IN ('trust-director', 'compliance-officer', 'careers-leader', 'inspector', 'administrator')),
    scope_kind          text        NOT NULL CHECK (scope_kind IN ('trust', 'school', 'none')),
    scope_id            text        NULL,
    password_hash       bytea       NULL,
    password_salt       bytea       NULL,
    password_iterations integer     NULL,
    failed_attempts     integer     NOT NULL DEFAULT 0,
    locked_until        timestamptz NULL,
    disabled_at         timestamptz NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- Each role has the scope it needs: directors a trust, leaders a school, officers either; inspectors and admins none.
    CHECK ((scope_kind = 'none') = (scope_id IS NULL)),
    CHECK (CASE role
               WHEN 'trust-director' THEN scope_kind = 'trust'
               WHEN 'careers-leader' THEN scope_kind = 'school'
               WHEN 'compliance-officer' THEN scope_kind IN ('trust', 'school')
               ELSE scope_kind = 'none'
           END)
);

-- An inspector's read-only access to one school for a stated period, until it expires or is revoked.
CREATE TABLE app.grants (
    grant_id        uuid        PRIMARY KEY,
    account_id      uuid        NOT NULL REFERENCES app.accounts (account_id),
    school_urn      text        NOT NULL,
    period_from     date        NOT NULL,
    period_to       date        NOT NULL CHECK (period_to >= period_from),
    expires_at      timestamptz NOT NULL,
    show_identities boolean     NOT NULL DEFAULT false,
    purpose         text        NOT NULL,
    granted_by      text        NOT NULL,
    granted_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz NULL,
    revoked_by      text        NULL
);
CREATE INDEX grants_account ON app.grants (account_id);

-- Bearer tokens for scripts: only the SHA-256 of the token is kept.
CREATE TABLE app.api_tokens (
    token_id     uuid        PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES app.accounts (account_id),
    token_sha256 bytea       NOT NULL UNIQUE,
    name         text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NULL,
    revoked_at   timestamptz NULL
);

-- Secrets the application generates itself (the pseudonym key); readable by the application only.
CREATE TABLE app.secrets (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every view or export of pupil-level data: who, what, when.
CREATE TABLE app.access_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    account_id  uuid        NULL,
    username    text        NOT NULL,
    role        text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('view', 'export')),
    resource    text        NOT NULL,
    school_urn  text        NULL,
    trust_id    text        NULL,
    pupil_ids   uuid[]      NOT NULL DEFAULT '{}',
    pupil_count integer     NOT NULL,
    detail      text        NULL
);
CREATE INDEX access_log_at ON app.access_log (at DESC);
CREATE INDEX access_log_school ON app.access_log (school_urn, at DESC);
CREATE INDEX access_log_pupils ON app.access_log USING gin (pupil_ids);

CREATE FUNCTION app.reject_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'app.access_log is insert-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON app.access_log FOR EACH ROW EXECUTE FUNCTION app.reject_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON app.access_log FOR EACH STATEMENT EXECUTE FUNCTION app.reject_change();

GRANT USAGE ON SCHEMA app TO careers_app;
GRANT SELECT, INSERT, UPDATE ON app.accounts, app.grants, app.api_tokens TO careers_app;
GRANT SELECT, INSERT ON app.secrets TO careers_app;
GRANT SELECT, INSERT ON app.access_log TO careers_app;
