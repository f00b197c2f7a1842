-- Saved audit searches (issue 15 part 3): a compliance officer's or administrator's named filter sets, per account. Not
-- events: a saved search is a convenience of one person, not evidence. The query holds only the filter values (school,
-- UPN, actor, event types, dates, file); opening one runs it through the same access checks as a typed search.
CREATE TABLE app.saved_searches (
    search_id   uuid        PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES app.accounts (account_id),
    name        text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 80),
    query       text        NOT NULL CHECK (length(query) <= 2000),
    created_at  timestamptz NOT NULL,
    UNIQUE (account_id, name)
);
-- The audit page lists one account's searches by name: served by the UNIQUE index on (account_id, name).
GRANT SELECT, INSERT, DELETE ON app.saved_searches TO careers_app;
