import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chunkedUploadInputs, UPLOAD_CHUNK_BYTES } from '../../../src/shared/contract/chunked-upload';
import { AppError } from '../../../src/shared/contract/errors';
import {
  ChunkedUploads,
  type ChunkedUploadsDeps,
  type ReceivedUpload,
} from '../../../src/main/uploads/chunked-upload';

// The rules both upload kinds share and that their integration tests do not reach: the open-upload limit,
// idle expiry, a chunk larger than the chunk size, a chunk or cancel while commit runs, close, and that
// every way an upload ends removes its temp folder.

let root: string;
let made = 0;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'chunked-upload-test-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

type Finish = (u: ReceivedUpload<string>) => Promise<unknown>;

/** An upload kind as the services build one: its own begin (here without checks) over the shared rules. */
class TestUploads extends ChunkedUploads<string, unknown> {
  /** what the next commit does with the complete file; each test sets its own */
  onFinish: Finish = async (u) => ({ ...u, text: await readFile(u.file, 'utf8') });

  constructor(over: Partial<ChunkedUploadsDeps<string, unknown>>) {
    super({
      tempFile: async () => {
        const dir = await mkdtemp(join(root, `u${made++}-`));
        return { dir, file: join(dir, 'data.bin') };
      },
      texts: {
        noun: 'test upload',
        again: 'Send it again.',
        tooMany: (n) => `${n} test uploads are open.`,
        busy: (name) => `${name} is busy.`,
      },
      maxOpen: 2,
      finish: (u) => this.onFinish(u),
      ...over,
    });
  }

  begin(name: string, size: number, extra: string): Promise<string> {
    return this.beginUpload(name, size, extra);
  }
}

const uploads = (over: Partial<ChunkedUploadsDeps<string, unknown>> = {}): TestUploads =>
  new TestUploads(over);

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const leftovers = async (): Promise<string[]> => readdir(root);

describe('ChunkedUploads', () => {
  it('hands the finished temp file, name and extra to commit, then removes it', async () => {
    const u = uploads();
    const id = await u.begin('a.bin', 6, 'extra');
    expect(await u.chunk({ uploadId: id, index: 0, data: b64('abc') })).toEqual({ receivedBytes: 3 });
    expect(await u.chunk({ uploadId: id, index: 1, data: b64('def') })).toEqual({ receivedBytes: 6 });
    const seen = (await u.commit(id)) as ReceivedUpload<string> & { text: string };
    expect(seen).toMatchObject({ id, name: 'a.bin', size: 6, extra: 'extra', text: 'abcdef' });
    expect(existsSync(seen.file)).toBe(false);
    expect(await leftovers()).toEqual([]);
    expect(u.openCount).toBe(0);
  });

  it('removes the temp file when the commit callback fails, and the upload is gone', async () => {
    const u = uploads();
    const id = await u.begin('a.bin', 1, '');
    await u.chunk({ uploadId: id, index: 0, data: b64('x') });
    u.onFinish = async () => Promise.reject(new Error('cannot open'));
    await expect(u.commit(id)).rejects.toThrow('cannot open');
    expect(await leftovers()).toEqual([]);
    await expect(u.chunk({ uploadId: id, index: 1, data: b64('y') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('This test upload is no longer open'),
    });
  });

  it('refuses a further upload beyond maxOpen until one ends', async () => {
    const u = uploads();
    const a = await u.begin('a', 1, '');
    await u.begin('b', 1, '');
    await expect(u.begin('c', 1, '')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '2 test uploads are open.',
    });
    expect(() => u.assertRoom()).toThrow(AppError);
    expect(await u.cancel(a)).toEqual({ cancelled: true });
    expect(await u.cancel(a)).toEqual({ cancelled: false });
    await expect(u.begin('c', 1, '')).resolves.toMatch(/^[0-9a-f-]{36}$/);
    await u.close();
    expect(await leftovers()).toEqual([]);
  });

  it('drops an upload that stays idle, removing its temp file', async () => {
    const u = uploads({ idleMs: 30 });
    const id = await u.begin('a', 4, '');
    await u.chunk({ uploadId: id, index: 0, data: b64('ab') });
    await expect.poll(() => u.openCount, { timeout: 2_000 }).toBe(0);
    await expect.poll(leftovers, { timeout: 2_000 }).toEqual([]);
    await expect(u.chunk({ uploadId: id, index: 1, data: b64('cd') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('drops an upload whose chunk is larger than the chunk size, even within the announced size', async () => {
    const u = uploads();
    const id = await u.begin('big', UPLOAD_CHUNK_BYTES * 2, '');
    const data = Buffer.alloc(UPLOAD_CHUNK_BYTES + 3).toString('base64');
    await expect(u.chunk({ uploadId: id, index: 0, data })).rejects.toMatchObject({
      code: 'VALIDATION',
      hint: 'Send it again.',
    });
    expect(u.openCount).toBe(0);
    expect(await leftovers()).toEqual([]);
  });

  it('drops the upload when the first-chunk check refuses it, and checks only the first chunk', async () => {
    const checked: string[] = [];
    const u = uploads({
      checkFirstChunk: (bytes, name) => {
        checked.push(bytes.toString());
        if (bytes.toString() !== 'OK') throw new AppError('INPUT_INVALID', `${name} is not OK`);
      },
    });
    const bad = await u.begin('bad', 4, '');
    await expect(u.chunk({ uploadId: bad, index: 0, data: b64('NO') })).rejects.toThrow('bad is not OK');
    expect(u.openCount).toBe(0);
    const good = await u.begin('good', 4, '');
    await u.chunk({ uploadId: good, index: 0, data: b64('OK') });
    await u.chunk({ uploadId: good, index: 1, data: b64('NO') });
    expect(checked).toEqual(['NO', 'OK']);
    await u.close();
    expect(await leftovers()).toEqual([]);
  });

  it('refuses chunks, a second commit and cancel while a commit is running', async () => {
    const u = uploads();
    const id = await u.begin('slow', 1, '');
    await u.chunk({ uploadId: id, index: 0, data: b64('x') });
    let release!: () => void;
    u.onFinish = () => new Promise<string>((r) => (release = () => r('done')));
    const committing = u.commit(id);
    await expect.poll(() => typeof release).toBe('function');
    await expect(u.chunk({ uploadId: id, index: 1, data: b64('y') })).rejects.toThrow('slow is busy.');
    await expect(u.commit(id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await u.cancel(id)).toEqual({ cancelled: false });
    release();
    await expect(committing).resolves.toBe('done');
    expect(await leftovers()).toEqual([]);
  });

  it('words an incomplete commit with the kind’s own way to start over', async () => {
    const u = uploads();
    const id = await u.begin('half', 4, '');
    await u.chunk({ uploadId: id, index: 0, data: b64('ab') });
    await expect(u.commit(id)).rejects.toMatchObject({
      message: 'half is incomplete: 2 of 4 bytes arrived.',
      hint: 'Send the remaining chunks, or send it again.',
    });
    expect(u.openCount).toBe(1);
    await u.close();
  });
});

describe('chunkedUploadInputs', () => {
  const s = chunkedUploadInputs(1_000_000, {});
  const id = '3f1c2b9e-8a4d-4c1e-9f7a-2b6d5e4c3a21';

  it('bounds the size and the chunk index by the kind’s largest size', () => {
    expect(s.begin.safeParse({ name: 'a', size: 1_000_000 }).success).toBe(true);
    expect(s.begin.safeParse({ name: 'a', size: 1_000_001 }).success).toBe(false);
    expect(s.chunk.safeParse({ uploadId: id, index: 3, data: 'AAAA' }).success).toBe(true);
    expect(s.chunk.safeParse({ uploadId: id, index: 4, data: 'AAAA' }).success).toBe(false);
  });

  it('refuses non-base64 chunks, bad ids and unknown fields', () => {
    expect(s.chunk.safeParse({ uploadId: id, index: 0, data: 'not base64!' }).success).toBe(false);
    expect(s.commit.safeParse({ uploadId: 'x' }).error?.issues[0]?.message).toBe(
      'The upload id must be a UUID',
    );
    expect(s.cancel.safeParse({ uploadId: id, extra: 1 }).success).toBe(false);
  });

  it('adds the kind’s own Begin fields', () => {
    const withReplace = chunkedUploadInputs(10, { replace: z.boolean().default(false) });
    expect(withReplace.begin.parse({ name: 'a', size: 1 })).toEqual({ name: 'a', size: 1, replace: false });
  });
});
