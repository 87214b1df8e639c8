import type { TestProject } from 'vitest/node';
import { startPostgres } from './pg';

// One PostgreSQL server for the whole test run (each test file makes its own database on it with
// createTestDatabase). PG_TEST_URL points the tests at an existing server instead.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.PG_TEST_URL;
  if (external !== undefined && external !== '') {
    project.provide('pgUrl', external);
    return async () => {};
  }
  const server = await startPostgres();
  project.provide('pgUrl', server.url);
  return () => server.dispose();
}
