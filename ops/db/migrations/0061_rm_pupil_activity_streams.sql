-- Evidence follows the pupil (eventmodel/decisions/0032): which activity streams each pupil is on the register of, so a
-- school's evidence (rm.school_streams) can include other schools' activities its pupils attended. Maintained by the
-- school_streams projection, which this migration sets to replay from the start so that an existing database fills the
-- new table at its next catch-up (the CLI's, or the web host's daemon) with no operator step.
CREATE TABLE rm.pupil_activity_streams (
    pupil_id         uuid NOT NULL,
    activity_stream  uuid NOT NULL,
    PRIMARY KEY (pupil_id, activity_stream)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON rm.pupil_activity_streams TO careers_app;

-- The projection finds every school a pupil is on the roll of by the pupil's stream.
CREATE INDEX school_streams_stream ON rm.school_streams (stream_id);

-- Replay school_streams from position 0: the index is derived, so emptying it loses nothing.
TRUNCATE rm.school_streams;
UPDATE es.checkpoints SET position = 0, status = 'running', paused_reason = NULL, failed_position = NULL,
    failed_event_type = NULL, updated_at = now()
WHERE name = 'school_streams';
