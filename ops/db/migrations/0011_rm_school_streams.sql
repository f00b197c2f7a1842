-- Which streams hold a school's evidence: its pupils (by enrolment) and its activities. Maintained by the daemon.
CREATE TABLE rm.school_streams (
    school_urn  text   NOT NULL,
    stream_type text   NOT NULL,
    stream_id   uuid   NOT NULL,
    first_position bigint NOT NULL,
    PRIMARY KEY (school_urn, stream_id)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON rm.school_streams TO careers_app;
