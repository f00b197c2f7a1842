-- The audit trail (one row per ledger event: who recorded what, when, from where, what it corrects and why) and the
-- evidence timelines (one row per activity and attendance event, read per pupil or per school and folded at read time,
-- so that --known-at can hide what was recorded later). Maintained by the daemon; rebuilt blue/green.
CREATE TABLE rm.audit_index (
    position       bigint      PRIMARY KEY,
    event_id       uuid        NOT NULL,
    event_type     text        NOT NULL,
    stream_type    text        NOT NULL,
    stream_id      uuid        NOT NULL,
    stream_version bigint      NOT NULL,
    recorded_at    timestamptz NOT NULL,
    valid_date     date        NULL,
    valid_at       timestamptz NULL,
    actor_user     text        NOT NULL,
    actor_role     text        NOT NULL,
    source_kind    text        NOT NULL,
    import_file    text        NULL,
    import_sha256  text        NULL,
    import_line    bigint      NULL,
    trust_id       text        NOT NULL,
    school_urn     text        NULL,
    pupil_id       uuid        NULL,
    activity_id    text        NULL,
    correlation_id uuid        NOT NULL,
    causation_id   uuid        NULL,
    command        text        NULL,
    reason         text        NULL,
    corrects       text        NULL,   -- what a correction, retraction or withdrawal corrects, e.g. 'activity ACT-1'
    summary        text        NULL    -- what was recorded, without personal data
);
-- Every filter of `careers audit` pages by position, so each index ends with it.
CREATE INDEX audit_index_school ON rm.audit_index (school_urn, position) WHERE school_urn IS NOT NULL;
CREATE INDEX audit_index_pupil ON rm.audit_index (pupil_id, position) WHERE pupil_id IS NOT NULL;
CREATE INDEX audit_index_actor ON rm.audit_index (actor_user, position);
CREATE INDEX audit_index_type ON rm.audit_index (event_type, position);
CREATE INDEX audit_index_file ON rm.audit_index (import_file, position) WHERE import_file IS NOT NULL;
CREATE INDEX audit_index_activity ON rm.audit_index (activity_id, position) WHERE activity_id IS NOT NULL;
CREATE INDEX audit_index_recorded ON rm.audit_index (recorded_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON rm.audit_index TO careers_app;

-- One row per activity_recorded / activity_details_corrected (with the full details) / activity_retracted.
CREATE TABLE rm.timeline_activity (
    event_id      uuid        PRIMARY KEY,
    position      bigint      NOT NULL,
    activity_id   text        NOT NULL,
    event_type    text        NOT NULL,
    school_urn    text        NULL,        -- NULL on a retraction (it carries no details)
    recorded_at   timestamptz NOT NULL,
    actor_user    text        NOT NULL,
    actor_role    text        NOT NULL,
    source_kind   text        NOT NULL,
    import_file   text        NULL,
    import_line   bigint      NULL,
    kind          text        NULL,
    activity_date date        NULL,
    start_time    time        NULL,
    end_time      time        NULL,
    delivery_mode text        NULL,
    provider_ids  text[]      NULL,
    adviser_id    text        NULL,
    year_groups   int[]       NULL,
    checklist     text[]      NULL,
    title         text        NULL,
    reason        text        NULL
);
CREATE INDEX timeline_activity_activity ON rm.timeline_activity (activity_id, position);
CREATE INDEX timeline_activity_school ON rm.timeline_activity (school_urn) WHERE school_urn IS NOT NULL;
GRANT SELECT, INSERT, UPDATE, DELETE ON rm.timeline_activity TO careers_app;

-- One row per attendance_recorded / attendance_corrected / attendance_withdrawn.
CREATE TABLE rm.timeline_attendance (
    event_id    uuid        PRIMARY KEY,
    position    bigint      NOT NULL,
    activity_id text        NOT NULL,
    pupil_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    attended    boolean     NULL,          -- NULL on a withdrawal
    reason      text        NULL,
    recorded_at timestamptz NOT NULL,
    actor_user  text        NOT NULL,
    actor_role  text        NOT NULL,
    source_kind text        NOT NULL,
    import_file text        NULL,
    import_line bigint      NULL
);
CREATE INDEX timeline_attendance_pupil ON rm.timeline_attendance (pupil_id, position);
CREATE INDEX timeline_attendance_activity ON rm.timeline_attendance (activity_id, pupil_id, position);
GRANT SELECT, INSERT, UPDATE, DELETE ON rm.timeline_attendance TO careers_app;
