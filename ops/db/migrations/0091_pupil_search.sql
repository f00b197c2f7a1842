-- Pupil search by name (issue 15): prefix matches on the lower-cased surname and forename of pupils not erased, each served
-- by its own index (text_pattern_ops, so LIKE 'abc%' uses it whatever the collation). A search by UPN uses the UNIQUE
-- index on upn, and the school scope rm.school_streams' index on stream_id.
CREATE INDEX pupils_surname_search ON pii.pupils (lower(surname) text_pattern_ops) WHERE erased_at IS NULL;
CREATE INDEX pupils_forename_search ON pii.pupils (lower(forename) text_pattern_ops) WHERE erased_at IS NULL;
