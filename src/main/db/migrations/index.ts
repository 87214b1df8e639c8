import type { Migration } from '../migration';
import { migration0001 } from './0001_init';
import { migration0002 } from './0002_run_times';

/** Every migration the app knows, in order. Add new ones at the end; never edit an applied one. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002];
