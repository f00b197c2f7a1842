-- es.append with fewer statements on the hot path: the OCC check and the head move are one UPDATE (or one INSERT
-- for a new stream), and the idempotency probe is one index lookup. Same contract as 0002.
CREATE OR REPLACE FUNCTION es.append(
    p_stream_id   uuid,
    p_stream_type text,
    p_tenant_id   text,
    p_expected    bigint,       -- -1 any, 0 no stream, n exact version
    p_multi       boolean,      -- true when called by a multi-stream append that already holds its locks
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
    v_new     bigint;
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
            RETURN QUERY SELECT s.version, true, s.updated_at FROM es.streams s WHERE s.stream_id = p_stream_id;
            RETURN;
        END IF;
        RAISE EXCEPTION 'some event ids of this append were already stored (% of %)', v_found, v_count USING ERRCODE = 'ES422';
    END IF;

    IF p_expected = 0 THEN
        INSERT INTO es.streams (stream_id, tenant_id, stream_type, version)
        VALUES (p_stream_id, p_tenant_id, p_stream_type, v_count)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING version INTO v_new;
    ELSIF p_expected > 0 THEN
        UPDATE es.streams SET version = version + v_count, updated_at = transaction_timestamp()
        WHERE stream_id = p_stream_id AND version = p_expected
        RETURNING version INTO v_new;
    ELSE
        INSERT INTO es.streams AS s (stream_id, tenant_id, stream_type, version)
        VALUES (p_stream_id, p_tenant_id, p_stream_type, v_count)
        ON CONFLICT (stream_id) DO UPDATE SET version = s.version + v_count, updated_at = transaction_timestamp()
        RETURNING s.version INTO v_new;
    END IF;

    IF v_new IS NULL THEN
        SELECT s.version INTO v_new FROM es.streams s WHERE s.stream_id = p_stream_id;
        RAISE EXCEPTION 'stream % is at version %, expected %', p_stream_id, coalesce(v_new, 0), p_expected
            USING ERRCODE = 'ES409';
    END IF;

    INSERT INTO es.events (tenant_id, stream_id, stream_type, version, event_id, event_type, schema_ver, data, metadata)
    SELECT p_tenant_id, p_stream_id, p_stream_type, v_new - v_count + u.ord, u.event_id, u.event_type, u.schema_ver, u.data, u.metadata
    FROM unnest(p_event_ids, p_types, p_schema_vers, p_data, p_metadata)
         WITH ORDINALITY AS u (event_id, event_type, schema_ver, data, metadata, ord);

    RETURN QUERY SELECT v_new, false, transaction_timestamp();
END
$$;
