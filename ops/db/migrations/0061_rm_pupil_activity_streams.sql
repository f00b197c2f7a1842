-- Evidence follows the pupil (eventmodel/decisions/0032): which activity streams each pupil is on the register of, so a
-- school's evidence (rm.school_streams) can include other schools' activities its pupils attended. Maintained by the
-- school_streams projection; an existing database fills it with `careers projections rebuild school_streams`.
CREATE TABLE rm.pupil_activity_streams (
    pupil_id         uuid NOT NULL,
    activity_stream  uuid NOT NULL,
    PRIMARY KEY (pupil_id, activity_stream)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON rm.pupil_activity_streams TO careers_app;

-- The projection finds every school a pupil is on the roll of by the pupil's stream.
CREATE INDEX school_streams_stream ON rm.school_streams (stream_id);
