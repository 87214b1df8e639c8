// The database layer's public entry: other services import from here, not from the files behind it.
export type { Db, DbKind, DbProfile, ListenOptions, NotificationHandler, Row } from './db';
export { connectionErrorToAppError, sqlStateOf } from './db-errors';
export { migrate, type MigrateResult } from './migrate';
export { MIGRATIONS } from './migrations';
export { openDatabase, type DatabaseTarget, type OpenedDatabase } from './open-database';
export { createPgDb, type PgDbOptions } from './pg-db';
export { createPgliteDb, type PgliteDbOptions } from './pglite-db';
export { buildAdminScript } from './admin-script';
export { RUNS_CHANNEL, parseRunsChange, type RunsChange, type RunsChangeKind } from './runs-channel';
