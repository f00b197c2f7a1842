-- The stream head is read from the (stream_id, version) index under the stream lock instead of being kept in
-- es.streams: that removes an UPDATE of a hot row from every append (less WAL, no vacuum pressure on stream heads).
-- es.streams becomes an insert-only registry of stream type and tenant, and the application loses UPDATE on it.
CREATE OR REPLACE FUNCTION es.append(
    p_stream_id   uuid,
    p_stream_type text,
    p_tenant_id   text,
    p_expected    bigint,
    p_multi       boolean,
    p_event_ids   uuid[],
    p_types       text[],
    p_schema_vers smallint[],
    p_data        jsonb[],
    p_metadata    jsonb[])
RETURNS TABLE (new_version bigint, duplicate boolean, recorded_at timestamptz)
LANGUAGE plpgsql AS
$$
DECLARE
    v_count   int := cardinality(p_event_ids);
    v_current bigint;
    v_found   int;
BEGIN
    IF NOT p_multi THEN
        -- Why: appending must be the transaction's first write so tx_id order matches per-stream order.
        IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
            RAISE EXCEPTION 'es.append must be the first write of its transaction' USING ERRCODE = 'ES400';
        END IF;
        PERFORM pg_advisory_xact_lock_shared(7220001), pg_advisory_xact_lock(hashtextextended(p_stream_id::text, 0));
    END IF;

    IF EXISTS (SELECT 1 FROM es.events e WHERE e.event_id = p_event_ids[1]) THEN
        SELECT count(*)::int INTO v_found FROM es.events e WHERE e.event_id = ANY (p_event_ids) AND e.stream_id = p_stream_id;
        IF v_found = v_count THEN
            RETURN QUERY SELECT e.version, true, e.recorded_at FROM es.events e
                WHERE e.stream_id = p_stream_id ORDER BY e.version DESC LIMIT 1;
            RETURN;
        END IF;
        RAISE EXCEPTION 'some event ids of this append were already stored (% of %)', v_found, v_count USING ERRCODE = 'ES422';
    END IF;

    -- Why: under the stream lock the newest committed version is the head; reading it from the (stream_id, version)
    -- index replaces an UPDATE of a hot head row on every append.
    SELECT e.version INTO v_current FROM es.events e WHERE e.stream_id = p_stream_id ORDER BY e.version DESC LIMIT 1;
    IF p_expected = 0 AND v_current IS NOT NULL OR p_expected > 0 AND v_current IS DISTINCT FROM p_expected THEN
        RAISE EXCEPTION 'stream % is at version %, expected %', p_stream_id, coalesce(v_current, 0), p_expected
            USING ERRCODE = 'ES409';
    END IF;

    IF v_current IS NULL THEN
        INSERT INTO es.streams (stream_id, tenant_id, stream_type) VALUES (p_stream_id, p_tenant_id, p_stream_type);
        v_current := 0;
    END IF;

    INSERT INTO es.events (tenant_id, stream_id, stream_type, version, event_id, event_type, schema_ver, data, metadata)
    SELECT p_tenant_id, p_stream_id, p_stream_type, v_current + u.ord, u.event_id, u.event_type, u.schema_ver, u.data, u.metadata
    FROM unnest(p_event_ids, p_types, p_schema_vers, p_data, p_metadata)
         WITH ORDINALITY AS u (event_id, event_type, schema_ver, data, metadata, ord);

    RETURN QUERY SELECT v_current + v_count, false, transaction_timestamp();
END
$$;

ALTER TABLE es.streams DROP COLUMN version, DROP COLUMN updated_at;
REVOKE UPDATE ON es.streams FROM careers_app;
