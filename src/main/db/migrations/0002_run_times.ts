import type { Migration } from '../migration';

// Two gaps in 0001. (1) started_at was set only on the InProgress transition, but a short run can go from
// NotStarted straight to a final status between two polls and then showed no start time: the transition now
// takes Fabric's own start and end times (a new overload; the old signature calls it) and sets started_at on
// any transition to a status the run reached by running. (2) Nothing said when a run last changed, so the
// offline history could only re-read unfinished runs: updated_at is stamped on every change of a run and
// on every restore that names it. Same TS-string rules as 0001 (no backticks, no "${").
export const migration0002: Migration = {
  version: 2,
  name: 'run_times',
  sql: `
-- Runs that ended without a recorded start: the first InProgress event when there is one, else (for a run
-- that did run in Fabric: a job and a Completed or Failed end) its end. A run that never ran keeps none.
UPDATE public.pipeline_runs AS r
   SET started_at = coalesce(
         (SELECT min(e.at) FROM public.run_events AS e
           WHERE e.run_id = r.run_id AND e.kind = 'status_changed' AND e.to_status = 'InProgress'),
         CASE WHEN r.status IN ('Completed', 'Failed') AND r.job_instance_id IS NOT NULL THEN r.finished_at END)
 WHERE r.started_at IS NULL
   AND r.status IN ('Completed', 'Failed', 'Cancelled', 'Deduped', 'Lost');

ALTER TABLE public.pipeline_runs ADD COLUMN updated_at timestamptz;
UPDATE public.pipeline_runs AS r
   SET updated_at = greatest(r.created_at, r.status_changed_at, r.started_at, r.finished_at,
         (SELECT max(x.restored_at) FROM public.run_restores AS x
           WHERE x.run_id = r.run_id OR x.previous_run_id = r.run_id));
ALTER TABLE public.pipeline_runs ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE public.pipeline_runs ALTER COLUMN updated_at SET NOT NULL;
CREATE INDEX pipeline_runs_updated_at_idx ON public.pipeline_runs (updated_at);

-- Every UPDATE of a run stamps it, whoever writes it (the functions below, RunRepo, an administrator), so
-- a reader asking "what changed since T" cannot miss a write path. Transaction time, like status_changed_at.
CREATE FUNCTION public.portal_touch_run() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$fn$;
CREATE TRIGGER pipeline_runs_touch BEFORE UPDATE ON public.pipeline_runs
  FOR EACH ROW EXECUTE FUNCTION public.portal_touch_run();
ALTER TABLE public.pipeline_runs ENABLE ALWAYS TRIGGER pipeline_runs_touch;

-- A restore changes what is known about the restored run and the one it replaced (which results are
-- current), so both count as changed.
CREATE FUNCTION public.portal_touch_restored_runs() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  UPDATE public.pipeline_runs SET updated_at = now()
   WHERE run_id = NEW.run_id OR run_id = NEW.previous_run_id;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER run_restores_touch_runs AFTER INSERT ON public.run_restores
  FOR EACH ROW EXECUTE FUNCTION public.portal_touch_restored_runs();
ALTER TABLE public.run_restores ENABLE ALWAYS TRIGGER run_restores_touch_runs;

-- The transition of 0001 plus Fabric's startTimeUtc/endTimeUtc (NULL when the caller does not know them).
-- started_at = the stored start, else Fabric's, else now() when the new status means the run ran
-- (InProgress, or Completed/Failed of a run with a Fabric job); Cancelled, Deduped and Lost take only
-- Fabric's (a run cancelled or deduplicated before it started has no start). Fabric's clock is not the
-- database's: its times are kept within [created_at, now()], and the end is never before the start.
CREATE FUNCTION public.transition_run_status(
  p_run_id uuid, p_from text, p_to text, p_token bigint, p_actor text, p_host text,
  p_message text, p_data jsonb, p_started_at timestamptz, p_finished_at timestamptz
) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  terminal constant text[] := ARRAY['Completed', 'Failed', 'Cancelled', 'Deduped', 'Lost'];
  cur public.pipeline_runs%ROWTYPE;
  fabric_start timestamptz;
  fabric_end timestamptz;
  new_start timestamptz;
  new_end timestamptz;
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
  -- FOR UPDATE keeps the compare-and-set: a concurrent caller waits, then finds the status changed.
  SELECT * INTO cur FROM public.pipeline_runs WHERE run_id = p_run_id AND status = p_from FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF p_started_at IS NOT NULL THEN
    fabric_start := least(greatest(p_started_at, cur.created_at), now());
  END IF;
  IF p_finished_at IS NOT NULL THEN
    fabric_end := least(greatest(p_finished_at, cur.created_at), now());
  END IF;
  new_start := cur.started_at;
  IF new_start IS NULL AND (p_to = 'InProgress' OR p_to = ANY (terminal)) THEN
    new_start := coalesce(fabric_start,
      CASE WHEN p_to = 'InProgress' OR (p_to IN ('Completed', 'Failed') AND cur.job_instance_id IS NOT NULL)
           THEN now() END);
  END IF;
  IF p_to = ANY (terminal) THEN
    -- A Lost run found in Fabric later takes Fabric's end, not the moment it was given up on.
    new_end := coalesce(CASE WHEN p_from = 'Lost' THEN fabric_end END, cur.finished_at, fabric_end, now());
    IF new_start IS NOT NULL AND new_end < new_start THEN
      new_end := new_start;
    END IF;
  END IF;
  UPDATE public.pipeline_runs
     SET status = p_to, status_changed_at = now(), started_at = new_start, finished_at = new_end
   WHERE run_id = p_run_id;
  PERFORM public.portal_log_event(p_run_id, p_actor, p_host, 'status_changed', p_from, p_to, p_message,
    p_data, p_token);
  RETURN true;
END
$fn$;

-- The 0001 signature stays for callers (and grants) that know only it.
CREATE OR REPLACE FUNCTION public.transition_run_status(
  p_run_id uuid, p_from text, p_to text, p_token bigint, p_actor text, p_host text,
  p_message text, p_data jsonb
) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT public.transition_run_status(p_run_id, p_from, p_to, p_token, p_actor, p_host, p_message, p_data,
    NULL::timestamptz, NULL::timestamptz);
$fn$;
`,
};
