/**
 * Where a bundle gets the run's database record and audit events. The run orchestrator implements it
 * (src/main/runs); without one, bundles carry only the artifacts.
 */
export interface RunRecordSource {
  /** the run as stored in the database (JSON-serialisable), or null when unknown */
  getRun(runId: string): Promise<unknown>;
  /** its audit events, oldest first */
  getEvents(runId: string): Promise<unknown[]>;
}
