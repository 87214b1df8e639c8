import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../src/main/ingest/xlsx/xlsx-writer';
import { UPLOAD_CHUNK_BYTES } from '../../../src/shared/contract/files';
import type { AppErrorData, ChannelOutput, EventPayload, Result } from '../../../src/shared/contract';
import { useComposedApp } from '../../support/composed-app';
import { FAST_TIMINGS, SAMPLE_INPUT, until } from '../runs/harness';

// The Import page's channels through the real composition root in the Demo profile: chunked uploads into the
// emulator's lakehouse over the DataLake client, the live inspection's pushed first rows and progress, and the
// baseline read from the last successful run's import_profile.json.

const SAMPLE = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'resources',
  'sample',
  'sales_orders_fact.xlsx',
);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const demo = useComposedApp({ tempPrefix: 'portal-import-page-', timings: FAST_TIMINGS });

const dispatch = (channel: string, input: unknown): Promise<Result<unknown>> => demo.dispatch(channel, input);
async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await dispatch(channel, input);
  if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.code} ${r.error.message}`), r.error);
  return r.value as T;
}
async function refused(channel: string, input: unknown): Promise<AppErrorData> {
  const r = await dispatch(channel, input);
  if (r.ok) throw new Error(`${channel} was expected to fail`);
  return r.error;
}

/** Sends a file the way the renderer does: begin, base64 chunks in order, commit. */
async function upload(name: string, bytes: Buffer, replace = false) {
  const begun = await call<ChannelOutput<'files.uploadBegin'>>('files.uploadBegin', {
    name,
    size: bytes.length,
    replace,
  });
  for (let i = 0, off = 0; off < bytes.length; i += 1, off += begun.chunkBytes) {
    await call('files.uploadChunk', {
      uploadId: begun.uploadId,
      index: i,
      data: bytes.subarray(off, off + begun.chunkBytes).toString('base64'),
    });
  }
  return call<ChannelOutput<'files.uploadCommit'>>('files.uploadCommit', { uploadId: begun.uploadId });
}

const lakehouse = (...p: string[]) => join(demo.dataDir, 'demo', 'lakehouse', ...p);

describe('Import page channels (Demo profile)', () => {
  it('uploads a workbook larger than one chunk into Files/import with writing progress, byte for byte', async () => {
    const sample = readFileSync(SAMPLE);
    // Padding the sample with a second copy of itself would not be a workbook; a real bigger one is written.
    const big = join(demo.dataDir, 'big.xlsx');
    writeXlsx(
      big,
      [
        {
          name: 'sales_orders_fact',
          rows: function* () {
            yield [
              'order_id',
              'order_date',
              'customer_id',
              'region',
              'product_id',
              'category',
              'quantity',
              'unit_price',
              'note',
            ];
            for (let i = 0; i < 40_000; i++)
              yield [
                `O${i}`,
                '2024-01-02',
                `C${i % 97}`,
                'EMEA',
                `P${i % 13}`,
                'Tools',
                1 + (i % 5),
                9.5,
                `row ${i} ${'x'.repeat(i % 23)}`,
              ];
          },
        },
      ],
      { level: 0 },
    );
    const bytes = readFileSync(big);
    expect(bytes.length).toBeGreaterThan(2 * UPLOAD_CHUNK_BYTES);

    const progress: EventPayload<'upload.progress'>[] = [];
    const off = demo.app.events.on('upload.progress', (p) => progress.push(p));
    const file = await upload('big_orders.xlsx', bytes);
    off();

    expect(file).toMatchObject({
      path: 'Files/import/big_orders.xlsx',
      name: 'big_orders.xlsx',
      size: bytes.length,
    });
    expect(readFileSync(lakehouse('Files', 'import', 'big_orders.xlsx')).equals(bytes)).toBe(true);
    expect(progress.at(-1)).toMatchObject({
      phase: 'done',
      loadedBytes: bytes.length,
      totalBytes: bytes.length,
    });
    expect(progress.some((p) => p.phase === 'writing')).toBe(true);
    const list = await call<ChannelOutput<'files.list'>>('files.list', {});
    expect(list.files.map((f) => f.name)).toContain('big_orders.xlsx');

    // The same name again needs an explicit replace.
    const conflict = await refused('files.uploadBegin', { name: 'big_orders.xlsx', size: sample.length });
    expect(conflict.code).toBe('CONFLICT');
    await upload('big_orders.xlsx', sample, true);
    expect(readFileSync(lakehouse('Files', 'import', 'big_orders.xlsx')).equals(sample)).toBe(true);
  }, 180_000);

  it('refuses a PNG named .xlsx at the first chunk, a wrong name, a bad order and an incomplete upload', async () => {
    const begun = await call<ChannelOutput<'files.uploadBegin'>>('files.uploadBegin', {
      name: 'photo.xlsx',
      size: PNG.length,
    });
    const png = await refused('files.uploadChunk', {
      uploadId: begun.uploadId,
      index: 0,
      data: PNG.toString('base64'),
    });
    expect(png).toMatchObject({ code: 'INPUT_INVALID' });
    expect(png.message).toContain('PNG image');
    // The refused upload is gone: nothing more can be sent or committed.
    expect((await refused('files.uploadCommit', { uploadId: begun.uploadId })).code).toBe('NOT_FOUND');
    const names = (await call<ChannelOutput<'files.list'>>('files.list', {})).files.map((f) => f.name);
    expect(names).not.toContain('photo.xlsx');

    const csv = await refused('files.uploadBegin', { name: 'orders.csv', size: 10 });
    expect(csv.code).toBe('VALIDATION');
    expect(csv.message).toContain('.xlsx');
    expect((await refused('files.uploadBegin', { name: 'big.xlsx', size: 200 * 1024 * 1024 })).code).toBe(
      'VALIDATION',
    );

    const sample = readFileSync(SAMPLE);
    const b2 = await call<ChannelOutput<'files.uploadBegin'>>('files.uploadBegin', {
      name: 'part.xlsx',
      size: sample.length,
    });
    const outOfOrder = await refused('files.uploadChunk', {
      uploadId: b2.uploadId,
      index: 1,
      data: 'UEsDBA==',
    });
    expect(outOfOrder.code).toBe('CONFLICT');
    await call('files.uploadChunk', {
      uploadId: b2.uploadId,
      index: 0,
      data: sample.subarray(0, 100).toString('base64'),
    });
    const incomplete = await refused('files.uploadCommit', { uploadId: b2.uploadId });
    expect(incomplete.message).toContain(`100 of ${sample.length} bytes`);
    expect(await call('files.uploadCancel', { uploadId: b2.uploadId })).toEqual({ cancelled: true });
  });

  it('inspects live: first rows pushed before the result, then the full profile', async () => {
    const requestId = crypto.randomUUID();
    const seen: EventPayload<'inspect.progress'>[] = [];
    const off = demo.app.events.on('inspect.progress', (p) => {
      if (p.requestId === requestId) seen.push(p);
    });
    const result = await call<ChannelOutput<'files.inspectLive'>>('files.inspectLive', {
      path: SAMPLE_INPUT,
      requestId,
      maxRows: 20,
    });
    off();
    expect(seen[0]?.phase).toBe('downloading');
    const preview = seen.find((p) => p.phase === 'preview');
    expect(preview?.preview?.rows).toHaveLength(20);
    expect(preview?.preview?.rows[0]).toEqual(result.rows[0]);
    expect(result.missingRequired).toEqual([]);
    expect(result.profile.rows_in).toBeGreaterThan(20);
    expect(result.profile.columns.every((c) => c.inferred_type !== undefined)).toBe(true);
  });

  it('says clearly what is wrong with a PNG or a workbook missing a required column in Files/import', async () => {
    writeFileSync(lakehouse('Files', 'import', 'really_a_png.xlsx'), PNG);
    const png = await refused('files.inspectLive', {
      path: 'Files/import/really_a_png.xlsx',
      requestId: crypto.randomUUID(),
    });
    expect(png.code).toBe('INPUT_INVALID');
    expect(png.message).toContain('PNG image');
    expect(png.message).not.toContain(tmpdir());

    writeXlsx(lakehouse('Files', 'import', 'no_quantity.xlsx'), [
      {
        name: 'sales_orders_fact',
        rows: () => [
          ['order_id', 'order_date', 'customer_id', 'region', 'product_id', 'category', 'unit_price'],
          ['O1', '2024-01-01', 'C1', 'EMEA', 'P1', 'Tools', 3],
        ],
      },
    ]);
    const missing = await call<ChannelOutput<'files.inspectLive'>>('files.inspectLive', {
      path: 'Files/import/no_quantity.xlsx',
      requestId: crypto.randomUUID(),
    });
    expect(missing.missingRequired).toEqual(['quantity']);
    const start = await refused('runs.start', { inputPath: 'Files/import/no_quantity.xlsx' });
    expect(start.code).toBe('INPUT_INVALID');
    expect(start.message).toContain('quantity');
  });

  it('has no baseline before a run and the last successful run’s input profile after one', async () => {
    const before = await call<ChannelOutput<'files.context'>>('files.context', {});
    expect(before.baseline).toBeNull();
    expect(before.baselineNote).toContain('No run has completed');
    expect(before.requestedBy).toContain('@');

    const run = await call<ChannelOutput<'runs.start'>>('runs.start', { inputPath: SAMPLE_INPUT });
    await until(
      async () => {
        const r = await call<ChannelOutput<'runs.get'>>('runs.get', { runId: run.runId });
        return r.status === 'Completed' ? r : undefined;
      },
      'the demo run to complete',
      120_000,
    );

    const after = await call<ChannelOutput<'files.context'>>('files.context', {});
    const written = JSON.parse(
      readFileSync(lakehouse('Files', 'results', 'runs', run.runId, 'import_profile.json'), 'utf8'),
    ) as unknown;
    expect(after.baseline).toMatchObject({ runId: run.runId, inputPath: SAMPLE_INPUT });
    expect(after.baseline?.profile).toEqual(written);
    expect(after.baselineNote).toBeNull();
  }, 300_000);
});
