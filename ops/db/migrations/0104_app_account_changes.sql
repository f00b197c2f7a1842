-- Administration changes (issue 15 part 5, decision 0057): every change to an account, an inspector grant or an API token,
-- whether made on the web or with `careers users|grants`, is written here in the same statement as the change itself,
-- naming who made it. Insert-only, like the access log: it is evidence of who could see what, and since when. It never
-- holds a password or a token, only what changed (role, scope, grant period, token name).
CREATE TABLE app.account_changes (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL CHECK (length(btrim(actor)) BETWEEN 1 AND 200),
    action      text        NOT NULL CHECK (action IN ('account-created', 'account-disabled', 'account-enabled', 'password-reset',
                                                       'role-changed', 'token-issued', 'token-revoked', 'grant-created', 'grant-revoked')),
    account_id  uuid        NOT NULL REFERENCES app.accounts (account_id),
    username    text        NOT NULL,
    detail      text        NOT NULL
);
-- The administrator's home lists the newest changes (the primary key, read backwards) and an account's page its own.
CREATE INDEX account_changes_account ON app.account_changes (account_id, id DESC);

CREATE FUNCTION app.reject_account_change() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'app.account_changes is insert-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER account_changes_no_update BEFORE UPDATE OR DELETE ON app.account_changes FOR EACH ROW EXECUTE FUNCTION app.reject_account_change();
CREATE TRIGGER account_changes_no_truncate BEFORE TRUNCATE ON app.account_changes FOR EACH STATEMENT EXECUTE FUNCTION app.reject_account_change();

-- The accounts table shows when each account last signed in; set when a session starts.
ALTER TABLE app.accounts ADD COLUMN last_sign_in_at timestamptz NULL;

-- An account's tokens are listed on its administration page.
CREATE INDEX api_tokens_account ON app.api_tokens (account_id);

GRANT SELECT, INSERT ON app.account_changes TO careers_app;
