-- The erasable register of pupils' personal details. Events carry only the opaque pupil id; erasure and
-- rectification change this table (recorded by events that hold no personal data), never the ledger.
CREATE SCHEMA IF NOT EXISTS pii;

CREATE TABLE pii.pupils (
    pupil_id      uuid        PRIMARY KEY,
    upn           text        NULL UNIQUE,        -- NULL once erased
    forename      text        NULL,
    surname       text        NULL,
    date_of_birth date        NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    erased_at     timestamptz NULL
);

GRANT USAGE ON SCHEMA pii TO careers_app;
GRANT SELECT, INSERT, UPDATE ON pii.pupils TO careers_app;

-- Staff names (careers advisers, careers leaders): personal data too, so also outside the ledger.
CREATE TABLE pii.staff (
    staff_key  text        PRIMARY KEY,          -- e.g. 'adviser:ADV-3'
    name       text        NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    erased_at  timestamptz NULL
);
GRANT SELECT, INSERT, UPDATE ON pii.staff TO careers_app;
