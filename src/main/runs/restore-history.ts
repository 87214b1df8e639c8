import type { RunRestore } from '../../shared/contract/archive';
import type { Db } from '../db/db';

/** Reads run_restores (the restorer writes it through RunRepo.recordRestore). */
export class RestoreHistory {
  constructor(private readonly db: Db) {}

  /** Newest first; only one run's restores when runId is given. */
  async list(runId: string | null, limit: number): Promise<RunRestore[]> {
    const rows = await this.db.query<{
      id: number | string;
      run_id: string;
      previous_run_id: string | null;
      restored_at: Date;
      restored_by: string;
      host: string;
      reason: string;
    }>(
      `SELECT id, run_id, previous_run_id, restored_at, restored_by, host, reason FROM public.run_restores
        WHERE $1::uuid IS NULL OR run_id = $1::uuid ORDER BY restored_at DESC, id DESC LIMIT $2`,
      [runId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      runId: r.run_id,
      previousRunId: r.previous_run_id,
      restoredAt: r.restored_at.toISOString(),
      restoredBy: r.restored_by,
      host: r.host,
      reason: r.reason,
    }));
  }
}
