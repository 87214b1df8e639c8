import type { Migration } from '../migration';

// The run-tracking schema: runs, the append-only audit log and restores, the single-row run lock with its
// fencing token, and the monitor lease. Every state change goes through a function below so that the
// compare-and-set, fencing and audit happen in one statement on the server, and every change NOTIFYs
// `portal_runs` so that all open apps learn of it. Kept as a TS string (not a .sql file) so that tsx, vitest
// and the electron-vite bundle all load it the same way; the text must not contain backticks or "${".
export const migration0001: Migration = {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE public.pipeline_runs (
  run_id            uuid PRIMARY KEY,
  job_instance_id   text,
  job_location      text,
  trigger_request_id text,
  input_path        text NOT NULL CHECK (input_path <> ''),
  input_name        text NOT NULL CHECK (input_name <> ''),
  input_size        bigint CHECK (input_size >= 0),
  input_sha256      text CHECK (input_sha256 ~ '^[0-9a-f]{64}$'),
  parameters        jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(parameters) = 'object'),
  requested_by      text NOT NULL,
  requested_host    text NOT NULL,
  status            text NOT NULL DEFAULT 'requested' CHECK (status IN
                      ('requested', 'triggering', 'NotStarted', 'InProgress', 'Completed', 'Failed',
                       'Cancelled', 'Deduped', 'Lost')),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  finished_at       timestamptz,
  failure           jsonb,
  kpis              jsonb,
  kpis_source       text,
  fencing_token     bigint,
  CHECK (status NOT IN ('Completed', 'Failed', 'Cancelled', 'Deduped', 'Lost') OR finished_at IS NOT NULL)
);
CREATE INDEX pipeline_runs_created_at_idx ON public.pipeline_runs (created_at DESC);
CREATE INDEX pipeline_runs_active_idx ON public.pipeline_runs (status)
  WHERE status IN ('requested', 'triggering', 'NotStarted', 'InProgress');

-- No foreign key to pipeline_runs: lock events are written before the run row exists.
CREATE TABLE public.run_events (
  id            bigserial PRIMARY KEY,
  run_id        uuid,
  at            timestamptz NOT NULL DEFAULT now(),
  actor         text NOT NULL,
  host          text NOT NULL,
  kind          text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,62}$'),
  from_status   text,
  to_status     text,
  message       text,
  data          jsonb,
  fencing_token bigint
);
CREATE INDEX run_events_run_id_idx ON public.run_events (run_id, id);
CREATE INDEX run_events_at_idx ON public.run_events (at DESC);

CREATE TABLE public.run_restores (
  id              bigserial PRIMARY KEY,
  run_id          uuid NOT NULL,
  previous_run_id uuid,
  restored_at     timestamptz NOT NULL DEFAULT now(),
  restored_by     text NOT NULL,
  host            text NOT NULL,
  reason          text NOT NULL CHECK (reason <> ''),
  data            jsonb
);
CREATE INDEX run_restores_restored_at_idx ON public.run_restores (restored_at DESC);

CREATE TABLE public.run_lock (
  id            smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  holder_id     uuid,
  holder_label  text,
  run_id        uuid,
  fencing_token bigint NOT NULL DEFAULT 0 CHECK (fencing_token >= 0),
  acquired_at   timestamptz,
  heartbeat_at  timestamptz,
  lease_until   timestamptz,
  -- A held lock always has every field, so a lapsed lease is always visible (no NULL-heartbeat trap).
  CHECK ((holder_id IS NULL) = (lease_until IS NULL)),
  CHECK ((holder_id IS NULL) = (holder_label IS NULL)),
  CHECK ((holder_id IS NULL) = (acquired_at IS NULL)),
  CHECK ((holder_id IS NULL) = (heartbeat_at IS NULL)),
  CHECK (lease_until IS NULL OR lease_until >= heartbeat_at)
);
INSERT INTO public.run_lock (id) VALUES (1);

CREATE TABLE public.run_monitor_lease (
  id           smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  holder_id    uuid,
  holder_label text,
  run_id       uuid,
  token        bigint NOT NULL DEFAULT 0 CHECK (token >= 0),
  acquired_at  timestamptz,
  renewed_at   timestamptz,
  lease_until  timestamptz,
  CHECK ((holder_id IS NULL) = (lease_until IS NULL)),
  CHECK ((holder_id IS NULL) = (holder_label IS NULL)),
  CHECK ((holder_id IS NULL) = (acquired_at IS NULL)),
  CHECK ((holder_id IS NULL) = (renewed_at IS NULL)),
  CHECK (lease_until IS NULL OR lease_until >= renewed_at)
);
INSERT INTO public.run_monitor_lease (id) VALUES (1);

-- Append-only: row triggers stop UPDATE/DELETE, a statement trigger stops TRUNCATE (which skips row
-- triggers), and ENABLE ALWAYS keeps them firing under session_replication_role = replica.
CREATE FUNCTION public.portal_reject_change() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit rows are never changed; record a new event instead.';
END
$fn$;

CREATE TRIGGER run_events_no_update_delete BEFORE UPDATE OR DELETE ON public.run_events
  FOR EACH ROW EXECUTE FUNCTION public.portal_reject_change();
CREATE TRIGGER run_events_no_truncate BEFORE TRUNCATE ON public.run_events
  FOR EACH STATEMENT EXECUTE FUNCTION public.portal_reject_change();
CREATE TRIGGER run_restores_no_update_delete BEFORE UPDATE OR DELETE ON public.run_restores
  FOR EACH ROW EXECUTE FUNCTION public.portal_reject_change();
CREATE TRIGGER run_restores_no_truncate BEFORE TRUNCATE ON public.run_restores
  FOR EACH STATEMENT EXECUTE FUNCTION public.portal_reject_change();
ALTER TABLE public.run_events ENABLE ALWAYS TRIGGER run_events_no_update_delete;
ALTER TABLE public.run_events ENABLE ALWAYS TRIGGER run_events_no_truncate;
ALTER TABLE public.run_restores ENABLE ALWAYS TRIGGER run_restores_no_update_delete;
ALTER TABLE public.run_restores ENABLE ALWAYS TRIGGER run_restores_no_truncate;

-- The lock and lease rows are never deleted (the functions rely on exactly one row).
CREATE TRIGGER run_lock_no_delete BEFORE DELETE ON public.run_lock
  FOR EACH ROW EXECUTE FUNCTION public.portal_reject_change();
CREATE TRIGGER run_lock_no_truncate BEFORE TRUNCATE ON public.run_lock
  FOR EACH STATEMENT EXECUTE FUNCTION public.portal_reject_change();
CREATE TRIGGER run_monitor_lease_no_delete BEFORE DELETE ON public.run_monitor_lease
  FOR EACH ROW EXECUTE FUNCTION public.portal_reject_change();
CREATE TRIGGER run_monitor_lease_no_truncate BEFORE TRUNCATE ON public.run_monitor_lease
  FOR EACH STATEMENT EXECUTE FUNCTION public.portal_reject_change();
ALTER TABLE public.run_lock ENABLE ALWAYS TRIGGER run_lock_no_delete;
ALTER TABLE public.run_lock ENABLE ALWAYS TRIGGER run_lock_no_truncate;
ALTER TABLE public.run_monitor_lease ENABLE ALWAYS TRIGGER run_monitor_lease_no_delete;
ALTER TABLE public.run_monitor_lease ENABLE ALWAYS TRIGGER run_monitor_lease_no_truncate;

-- Every change to shared state tells all clients: {"kind": ..., "run_id": ...} on channel portal_runs.
-- Identical payloads in one transaction are folded into one notification by PostgreSQL.
CREATE FUNCTION public.portal_notify_change() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  affected uuid := NEW.run_id;
BEGIN
  -- A release clears run_id; the run it concerned is still the one to name.
  IF TG_OP = 'UPDATE' THEN
    affected := coalesce(NEW.run_id, OLD.run_id);
  END IF;
  PERFORM pg_notify('portal_runs', json_build_object('kind', TG_ARGV[0], 'run_id', affected)::text);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER pipeline_runs_notify AFTER INSERT OR UPDATE ON public.pipeline_runs
  FOR EACH ROW EXECUTE FUNCTION public.portal_notify_change('run');
CREATE TRIGGER run_events_notify AFTER INSERT ON public.run_events
  FOR EACH ROW EXECUTE FUNCTION public.portal_notify_change('event');
CREATE TRIGGER run_restores_notify AFTER INSERT ON public.run_restores
  FOR EACH ROW EXECUTE FUNCTION public.portal_notify_change('restore');
CREATE TRIGGER run_lock_notify AFTER UPDATE ON public.run_lock
  FOR EACH ROW EXECUTE FUNCTION public.portal_notify_change('lock');
CREATE TRIGGER run_monitor_lease_notify AFTER UPDATE ON public.run_monitor_lease
  FOR EACH ROW EXECUTE FUNCTION public.portal_notify_change('monitor');

-- Internal: append one audit row. Not fenced; the public wrappers below check tokens first.
CREATE FUNCTION public.portal_log_event(
  p_run_id uuid, p_actor text, p_host text, p_kind text, p_from text, p_to text,
  p_message text, p_data jsonb, p_token bigint
) RETURNS bigint
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
  INSERT INTO public.run_events (run_id, actor, host, kind, from_status, to_status, message, data, fencing_token)
  VALUES (p_run_id, p_actor, p_host, p_kind, p_from, p_to, p_message, p_data, p_token)
  RETURNING id;
$fn$;

-- Raises PT409 unless p_token is the token of the current, unexpired grant. FOR SHARE holds the lock row
-- until the caller's transaction ends, so a steal cannot slip in between this check and the write.
CREATE FUNCTION public.portal_assert_lock_token(p_token bigint) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  PERFORM 1 FROM public.run_lock
    WHERE id = 1 AND fencing_token = p_token AND holder_id IS NOT NULL AND lease_until >= now()
    FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'fencing token % is no longer valid: the run lock was released or taken over', p_token
      USING ERRCODE = 'PT409', HINT = 'Stop working on this run; another client holds the lock now.';
  END IF;
END
$fn$;

CREATE FUNCTION public.portal_check_lease_seconds(p_lease_sec double precision) RETURNS void
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF p_lease_sec IS NULL OR p_lease_sec <= 0 OR p_lease_sec > 86400 THEN
    RAISE EXCEPTION 'lease of % seconds is out of range (0 < lease <= 86400)', p_lease_sec
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
END
$fn$;

-- Acquire the run lock, stealing it when the lease has lapsed. SELECT ... FOR UPDATE makes concurrent
-- callers queue on the row; each then sees the committed result of the one before it.
CREATE FUNCTION public.acquire_run_lock(
  p_holder_id uuid, p_holder_label text, p_run_id uuid, p_lease_sec double precision,
  p_actor text, p_host text
) RETURNS TABLE (granted boolean, fencing_token bigint, holder_label text, run_id uuid,
                 acquired_at timestamptz, lease_until timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  prev public.run_lock%ROWTYPE;
  cur public.run_lock%ROWTYPE;
BEGIN
  PERFORM public.portal_check_lease_seconds(p_lease_sec);
  IF p_holder_id IS NULL OR coalesce(p_holder_label, '') = '' THEN
    RAISE EXCEPTION 'holder id and label are required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO prev FROM public.run_lock WHERE id = 1 FOR UPDATE;
  IF prev.holder_id IS NOT NULL AND prev.lease_until >= now() THEN
    RETURN QUERY SELECT false, NULL::bigint, prev.holder_label, prev.run_id, prev.acquired_at, prev.lease_until;
    RETURN;
  END IF;
  UPDATE public.run_lock AS l
     SET holder_id = p_holder_id, holder_label = p_holder_label, run_id = p_run_id,
         fencing_token = l.fencing_token + 1, acquired_at = now(), heartbeat_at = now(),
         lease_until = now() + make_interval(secs => p_lease_sec)
   WHERE l.id = 1
  RETURNING l.* INTO cur;
  IF prev.holder_id IS NOT NULL THEN
    PERFORM public.portal_log_event(prev.run_id, p_actor, p_host, 'lock_stolen', NULL, NULL,
      'lease of ' || prev.holder_label || ' lapsed at ' || prev.lease_until::text,
      jsonb_build_object('previous_holder_id', prev.holder_id, 'previous_holder_label', prev.holder_label,
                         'previous_token', prev.fencing_token, 'previous_lease_until', prev.lease_until,
                         'new_run_id', p_run_id),
      cur.fencing_token);
  END IF;
  PERFORM public.portal_log_event(p_run_id, p_actor, p_host, 'lock_acquired', NULL, NULL, NULL,
    jsonb_build_object('holder_id', p_holder_id, 'holder_label', p_holder_label, 'lease_until', cur.lease_until),
    cur.fencing_token);
  RETURN QUERY SELECT true, cur.fencing_token, cur.holder_label, cur.run_id, cur.acquired_at, cur.lease_until;
END
$fn$;

-- NULL means the lease is lost (token stale or lease lapsed): the caller must stop at once.
CREATE FUNCTION public.heartbeat_run_lock(p_token bigint, p_lease_sec double precision)
  RETURNS timestamptz
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  new_until timestamptz;
BEGIN
  PERFORM public.portal_check_lease_seconds(p_lease_sec);
  UPDATE public.run_lock
     SET heartbeat_at = now(), lease_until = now() + make_interval(secs => p_lease_sec)
   WHERE id = 1 AND fencing_token = p_token AND holder_id IS NOT NULL AND lease_until >= now()
  RETURNING lease_until INTO new_until;
  RETURN new_until;
END
$fn$;

-- Releasing needs only the token: if nobody has taken the lock since, the grant is still ours even when
-- the lease has lapsed.
CREATE FUNCTION public.release_run_lock(p_token bigint, p_actor text, p_host text, p_message text)
  RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  prev public.run_lock%ROWTYPE;
BEGIN
  SELECT * INTO prev FROM public.run_lock WHERE id = 1 FOR UPDATE;
  IF prev.holder_id IS NULL OR prev.fencing_token <> p_token THEN
    RETURN false;
  END IF;
  UPDATE public.run_lock
     SET holder_id = NULL, holder_label = NULL, run_id = NULL, acquired_at = NULL,
         heartbeat_at = NULL, lease_until = NULL
   WHERE id = 1;
  PERFORM public.portal_log_event(prev.run_id, p_actor, p_host, 'lock_released', NULL, NULL, p_message,
    jsonb_build_object('holder_id', prev.holder_id, 'holder_label', prev.holder_label), p_token);
  RETURN true;
END
$fn$;

-- The audited way out for an administrator or an analyst who knows the holder is gone.
CREATE FUNCTION public.force_release_run_lock(p_reason text, p_actor text, p_host text)
  RETURNS TABLE (released boolean, fencing_token bigint, holder_label text, run_id uuid)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  prev public.run_lock%ROWTYPE;
BEGIN
  IF coalesce(btrim(p_reason), '') = '' OR coalesce(btrim(p_actor), '') = '' THEN
    RAISE EXCEPTION 'a force release needs a reason and an actor' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO prev FROM public.run_lock WHERE id = 1 FOR UPDATE;
  IF prev.holder_id IS NULL THEN
    RETURN QUERY SELECT false, prev.fencing_token, NULL::text, NULL::uuid;
    RETURN;
  END IF;
  UPDATE public.run_lock
     SET holder_id = NULL, holder_label = NULL, run_id = NULL, acquired_at = NULL,
         heartbeat_at = NULL, lease_until = NULL
   WHERE id = 1;
  PERFORM public.portal_log_event(prev.run_id, p_actor, p_host, 'lock_force_released', NULL, NULL, p_reason,
    jsonb_build_object('holder_id', prev.holder_id, 'holder_label', prev.holder_label,
                       'acquired_at', prev.acquired_at, 'lease_until', prev.lease_until),
    prev.fencing_token);
  RETURN QUERY SELECT true, prev.fencing_token, prev.holder_label, prev.run_id;
END
$fn$;

-- Compare-and-set on the previous status: of many clients recording the same change, exactly one gets
-- true and writes the status_changed event. With p_token, the write is also fenced by the run lock.
CREATE FUNCTION public.transition_run_status(
  p_run_id uuid, p_from text, p_to text, p_token bigint, p_actor text, p_host text,
  p_message text, p_data jsonb
) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  terminal constant text[] := ARRAY['Completed', 'Failed', 'Cancelled', 'Deduped', 'Lost'];
BEGIN
  IF p_from = p_to THEN
    RAISE EXCEPTION 'status transition % -> % changes nothing', p_from, p_to
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_from = ANY (terminal) AND p_from <> 'Lost' THEN
    RAISE EXCEPTION 'run status % is final and cannot change to %', p_from, p_to
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_token IS NOT NULL THEN
    PERFORM public.portal_assert_lock_token(p_token);
  END IF;
  UPDATE public.pipeline_runs
     SET status = p_to, status_changed_at = now(),
         started_at = CASE WHEN p_to = 'InProgress' THEN coalesce(started_at, now()) ELSE started_at END,
         finished_at = CASE WHEN p_to = ANY (terminal) THEN coalesce(finished_at, now()) ELSE NULL END
   WHERE run_id = p_run_id AND status = p_from;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM public.portal_log_event(p_run_id, p_actor, p_host, 'status_changed', p_from, p_to, p_message,
    p_data, p_token);
  RETURN true;
END
$fn$;

-- The public way to write an audit row. With p_token it is fenced: a stale token raises PT409.
CREATE FUNCTION public.append_run_event(
  p_run_id uuid, p_actor text, p_host text, p_kind text, p_from text, p_to text,
  p_message text, p_data jsonb, p_token bigint
) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF p_token IS NOT NULL THEN
    PERFORM public.portal_assert_lock_token(p_token);
  END IF;
  RETURN public.portal_log_event(p_run_id, p_actor, p_host, p_kind, p_from, p_to, p_message, p_data, p_token);
END
$fn$;

-- The monitor lease: which client polls Fabric for the active run. The same holder renews by acquiring
-- again; anyone takes over once it lapses. Its token is separate from the run-lock fencing token.
CREATE FUNCTION public.acquire_monitor_lease(
  p_holder_id uuid, p_holder_label text, p_run_id uuid, p_lease_sec double precision
) RETURNS TABLE (granted boolean, token bigint, holder_id uuid, holder_label text, run_id uuid,
                 lease_until timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  prev public.run_monitor_lease%ROWTYPE;
  cur public.run_monitor_lease%ROWTYPE;
BEGIN
  PERFORM public.portal_check_lease_seconds(p_lease_sec);
  IF p_holder_id IS NULL OR coalesce(p_holder_label, '') = '' THEN
    RAISE EXCEPTION 'holder id and label are required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO prev FROM public.run_monitor_lease WHERE id = 1 FOR UPDATE;
  IF prev.holder_id IS NOT NULL AND prev.lease_until >= now() AND prev.holder_id <> p_holder_id THEN
    RETURN QUERY SELECT false, NULL::bigint, prev.holder_id, prev.holder_label, prev.run_id, prev.lease_until;
    RETURN;
  END IF;
  IF prev.holder_id = p_holder_id AND prev.lease_until >= now() AND prev.run_id IS NOT DISTINCT FROM p_run_id THEN
    UPDATE public.run_monitor_lease AS m
       SET renewed_at = now(), lease_until = now() + make_interval(secs => p_lease_sec)
     WHERE m.id = 1
    RETURNING m.* INTO cur;
  ELSE
    UPDATE public.run_monitor_lease AS m
       SET holder_id = p_holder_id, holder_label = p_holder_label, run_id = p_run_id, token = m.token + 1,
           acquired_at = now(), renewed_at = now(), lease_until = now() + make_interval(secs => p_lease_sec)
     WHERE m.id = 1
    RETURNING m.* INTO cur;
  END IF;
  RETURN QUERY SELECT true, cur.token, cur.holder_id, cur.holder_label, cur.run_id, cur.lease_until;
END
$fn$;

-- NULL means the lease is lost: stop polling.
CREATE FUNCTION public.renew_monitor_lease(p_token bigint, p_lease_sec double precision)
  RETURNS timestamptz
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  new_until timestamptz;
BEGIN
  PERFORM public.portal_check_lease_seconds(p_lease_sec);
  UPDATE public.run_monitor_lease
     SET renewed_at = now(), lease_until = now() + make_interval(secs => p_lease_sec)
   WHERE id = 1 AND token = p_token AND holder_id IS NOT NULL AND lease_until >= now()
  RETURNING lease_until INTO new_until;
  RETURN new_until;
END
$fn$;

CREATE FUNCTION public.release_monitor_lease(p_token bigint) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  UPDATE public.run_monitor_lease
     SET holder_id = NULL, holder_label = NULL, run_id = NULL, acquired_at = NULL, renewed_at = NULL,
         lease_until = NULL
   WHERE id = 1 AND token = p_token AND holder_id IS NOT NULL;
  RETURN FOUND;
END
$fn$;

-- Internal helpers are not part of the API: only the functions above (running as the owner) call them.
REVOKE EXECUTE ON FUNCTION public.portal_log_event(uuid, text, text, text, text, text, text, jsonb, bigint),
  public.portal_assert_lock_token(bigint) FROM PUBLIC;
`,
};
