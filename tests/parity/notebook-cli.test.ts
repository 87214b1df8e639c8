import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { KpisSchema, RunMetadataSchema } from '../../src/shared/artifacts';
import { describeWithPython } from '../support/python';
import {
  CASES_DIR,
  makeLakehouse,
  PREVIOUS_CURRENT_MARKER,
  runDir,
  type TestLakehouse,
} from './support/golden';
import { runInFabricKernel } from './support/fabric-kernel';
import { NOTEBOOK_PATH, runNotebook } from './support/notebook-cli';

// The notebook as a file: Fabric's source format, its Fabric-kernel entry, and the laptop CLI's handling of
// bad arguments, missing input, parameters and the results/current swap.

const CLEAN_INPUT = join(CASES_DIR, 'clean', 'input.xlsx');
const lakehouses: TestLakehouse[] = [];
afterAll(() => lakehouses.forEach((l) => rmSync(l.root, { recursive: true, force: true })));

function lakehouse(): TestLakehouse {
  const l = makeLakehouse(CLEAN_INPUT, 'sales_orders_fact');
  lakehouses.push(l);
  return l;
}

function metadataOf(root: string, runId: string) {
  return RunMetadataSchema.parse(
    JSON.parse(readFileSync(join(runDir(root, runId), 'run_metadata.json'), 'utf8')),
  );
}

it('is in Fabric notebook source format with a parameters cell and Python cell metadata', () => {
  const source = readFileSync(NOTEBOOK_PATH, 'utf8');
  expect(source.startsWith('# Fabric notebook source\n')).toBe(true);
  const markers = [...source.matchAll(/^# (CELL|PARAMETERS CELL|MARKDOWN|METADATA) \*{20}$/gm)].map(
    (m) => m[1],
  );
  expect(markers.filter((m) => m === 'PARAMETERS CELL')).toHaveLength(1);
  expect(markers[0]).toBe('METADATA');
  markers.forEach((marker, i) => {
    if (marker === 'CELL' || marker === 'PARAMETERS CELL')
      expect(markers[i + 1], `after ${marker} #${i}`).toBe('METADATA');
  });
  const metas = source
    .split(/^# METADATA \*{20}$/m)
    .slice(1)
    .map((block) => {
      const json = block
        .split('\n')
        .filter((line) => line.startsWith('# META'))
        .map((line) => line.slice('# META'.length))
        .join('\n');
      return JSON.parse(json) as Record<string, unknown>;
    });
  expect(metas[0]).toMatchObject({ kernel_info: { name: 'jupyter' } });
  for (const meta of metas.slice(1))
    expect(meta).toEqual({ language: 'python', language_group: 'jupyter_python' });
  const parameters = source.split(/^# PARAMETERS CELL \*{20}$/m)[1]!.split(/^# METADATA/m)[0]!;
  for (const name of ['run_id', 'input_path', 'requested_by', 'lakehouse_root']) {
    expect(parameters).toMatch(new RegExp(`^${name} = `, 'm'));
  }
});

describeWithPython('notebook CLI and Fabric entry', (python) => {
  it('runs inside a Fabric-like kernel with injected parameters and returns an exit value', async () => {
    const l = lakehouse();
    const result = await runInFabricKernel(python, {
      run_id: 'fabric-1',
      input_path: l.inputPath,
      requested_by: 'analyst@contoso.com',
      lakehouse_root: l.root,
      extra_parameters: '{"source": "pipeline"}',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.output.exits).toHaveLength(1);
    expect(JSON.parse(result.output.exits![0]!)).toMatchObject({ status: 'succeeded', run_id: 'fabric-1' });
    const metadata = metadataOf(l.root, 'fabric-1');
    expect(metadata).toMatchObject({
      status: 'succeeded',
      requested_by: 'analyst@contoso.com',
      parameters: { input_path: l.inputPath, source: 'pipeline' },
      engine: { name: 'fabric-notebook' },
    });
    const kpis = KpisSchema.parse(
      JSON.parse(readFileSync(join(l.root, 'Files/results/current/kpis.json'), 'utf8')),
    );
    expect(kpis).toMatchObject({ run_id: 'fabric-1', total_revenue: 78.75 });
  });

  it('fails the Fabric run (raises) with the error code when the input is missing', async () => {
    const l = lakehouse();
    const result = await runInFabricKernel(python, {
      run_id: 'fabric-missing',
      input_path: 'Files/import/nope.xlsx',
      requested_by: '',
      lakehouse_root: l.root,
    });
    expect(result.code).toBe(3);
    expect(result.output.raised).toMatch(/^RuntimeError: INPUT_NOT_FOUND: .*Files\/import\/nope\.xlsx/);
    expect(metadataOf(l.root, 'fabric-missing').status).toBe('failed');
  });

  it('records a missing input as INPUT_NOT_FOUND and leaves results/current alone', async () => {
    const l = lakehouse();
    const run = await runNotebook(python, {
      lakehouse: l.root,
      input: 'Files/import/absent.xlsx',
      runId: 'r-missing',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('INPUT_NOT_FOUND');
    const metadata = metadataOf(l.root, 'r-missing');
    expect(metadata.error?.code).toBe('INPUT_NOT_FOUND');
    expect(metadata.input).toEqual({
      path: 'Files/import/absent.xlsx',
      name: 'absent.xlsx',
      size: 0,
      sha256: createHash('sha256').update('').digest('hex'),
    });
    expect(metadata.artifacts).toEqual(['run_metadata.json']);
    expect(readdirSync(join(l.root, 'Files/results/current'))).toEqual([PREVIOUS_CURRENT_MARKER]);
  });

  it('refuses bad arguments with exit code 2 and writes nothing', async () => {
    const l = lakehouse();
    const runs = join(l.root, 'Files/results/runs');
    for (const [runId, input] of [
      ['../escape', l.inputPath],
      ['ok-id', '../outside.xlsx'],
      ['ok-id', 'Tables/sales.xlsx'],
    ] as const) {
      const run = await runNotebook(python, { lakehouse: l.root, input, runId });
      expect(run.code, `${runId} ${input}`).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
    }
    expect(existsSync(runs)).toBe(false);
    const missingLakehouse = await runNotebook(python, {
      lakehouse: join(l.root, 'nope'),
      input: l.inputPath,
      runId: 'x',
    });
    expect(missingLakehouse.code).toBe(2);
    expect(missingLakehouse.stderr).toContain('--lakehouse');
  });

  it('never overwrites an existing run folder', async () => {
    const l = lakehouse();
    const existing = runDir(l.root, 'taken');
    mkdirSync(existing, { recursive: true });
    writeFileSync(join(existing, 'run_metadata.json'), '{"kept": true}');
    const run = await runNotebook(python, { lakehouse: l.root, input: l.inputPath, runId: 'taken' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already exists');
    expect(readFileSync(join(existing, 'run_metadata.json'), 'utf8')).toBe('{"kept": true}');
  });

  it('records parameters, and each successful run replaces results/current without leftovers', async () => {
    const l = lakehouse();
    const first = await runNotebook(python, {
      lakehouse: l.root,
      input: l.inputPath,
      runId: 'first',
      params: { trigger: 'manual', note: 'a=b' },
    });
    expect(first.code, first.stderr).toBe(0);
    expect(metadataOf(l.root, 'first')).toMatchObject({
      requested_by: null,
      parameters: { input_path: l.inputPath, trigger: 'manual', note: 'a=b' },
    });
    const second = await runNotebook(python, {
      lakehouse: l.root,
      input: l.inputPath,
      runId: 'second',
      requestedBy: 'bo',
    });
    expect(second.code, second.stderr).toBe(0);
    const current = join(l.root, 'Files/results/current');
    expect(JSON.parse(readFileSync(join(current, 'run_metadata.json'), 'utf8'))).toMatchObject({
      run_id: 'second',
    });
    expect(readdirSync(join(l.root, 'Files/results')).sort()).toEqual(['current', 'runs']);
    expect(readdirSync(join(l.root, 'Files/results/runs')).sort()).toEqual(['first', 'second']);
    expect(metadataOf(l.root, 'first').run_id).toBe('first');
  });
});
