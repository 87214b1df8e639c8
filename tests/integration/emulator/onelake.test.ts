import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataLakeFileSystemClient } from '@azure/storage-file-datalake';
import { RestError } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index';
import { FABRIC_SCOPE, STORAGE_SCOPE, dataLakeFor, tokenFor } from './support/fixture';
import { httpsRequest } from './support/https-request';

describe('emulator OneLake with the real @azure/storage-file-datalake 12.29', () => {
  let emu: Emulator;
  let fs: DataLakeFileSystemClient;
  let item: string;

  beforeAll(async () => {
    emu = await startEmulator();
    fs = dataLakeFor(emu).getFileSystemClient(emu.env.FABRIC_WORKSPACE_ID);
    item = emu.env.FABRIC_LAKEHOUSE_ID;
  });
  afterAll(async () => emu.stop());

  async function collect(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of stream ?? []) chunks.push(Buffer.from(c as Buffer));
    return Buffer.concat(chunks);
  }

  it('the workspace filesystem exists; another does not', async () => {
    expect(await fs.exists()).toBe(true);
    const other = dataLakeFor(emu).getFileSystemClient('00000000-0000-0000-0000-00000000dead');
    expect(await other.exists()).toBe(false);
  });

  it('uploads with progress into <lakehouse>/Files on disk, via create + append + flush', async () => {
    const data = Buffer.alloc(300_000, 7);
    data.write('header', 0);
    const progress: number[] = [];
    emu.requests.clear();
    await fs.getFileClient(`${item}/Files/upload/data.bin`).upload(data, {
      onProgress: (p) => progress.push(p.loadedBytes),
      chunkSize: 100_000,
      singleUploadThreshold: 100_000,
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(data.length);
    expect(await readFile(join(emu.lakehouseDir, 'Files', 'upload', 'data.bin'))).toEqual(data);
    expect(emu.requests.count({ service: 'onelake', method: 'PATCH', path: /data\.bin$/ })).toBe(4); // 3 appends + flush
  });

  it('reads whole files and byte ranges (x-ms-range → 206 + Content-Range) and reports properties', async () => {
    await mkdir(join(emu.lakehouseDir, 'Files', 'read'), { recursive: true });
    await writeFile(join(emu.lakehouseDir, 'Files', 'read', 'abc.txt'), 'abcdefghijklmnopqrstuvwxyz');
    const file = fs.getFileClient(`${item}/Files/read/abc.txt`);
    expect((await file.readToBuffer()).toString()).toBe('abcdefghijklmnopqrstuvwxyz');
    expect((await file.readToBuffer(3, 4)).toString()).toBe('defg');
    const part = await file.read(20);
    expect(part.contentRange).toBe('bytes 20-25/26');
    expect((await collect(part.readableStreamBody)).toString()).toBe('uvwxyz');
    const props = await file.getProperties();
    expect(props.contentLength).toBe(26);
    expect(props.etag).toMatch(/^"0x[0-9A-F]+"$/);
    expect(props.lastModified).toBeInstanceOf(Date);
    expect(await file.exists()).toBe(true);
    expect(await fs.getFileClient(`${item}/Files/read/nope.txt`).exists()).toBe(false);
  });

  it('lists recursively with names relative to the workspace, and pages with continuation', async () => {
    for (let i = 0; i < 5; i++) {
      await fs.getFileClient(`${item}/Files/list/f${i}.txt`).upload(Buffer.from(`file ${i}`));
    }
    await fs.getDirectoryClient(`${item}/Files/list/sub`).create();
    await fs.getFileClient(`${item}/Files/list/sub/deep.txt`).upload(Buffer.from('deep'));

    const all = [];
    for await (const p of fs.listPaths({ path: `${item}/Files/list`, recursive: true })) all.push(p);
    expect(all.map((p) => p.name)).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `${item}/Files/list/f${i}.txt`),
      `${item}/Files/list/sub`,
      `${item}/Files/list/sub/deep.txt`,
    ]);
    expect(all.find((p) => p.name?.endsWith('/sub'))?.isDirectory).toBe(true);
    expect(all.find((p) => p.name?.endsWith('f0.txt'))).toMatchObject({
      isDirectory: false,
      contentLength: 6,
    });

    const flat = [];
    for await (const p of fs.listPaths({ path: `${item}/Files/list`, recursive: false })) flat.push(p.name);
    expect(flat).toHaveLength(6);

    emu.requests.clear();
    const pages: string[][] = [];
    for await (const page of fs
      .listPaths({ path: `${item}/Files/list`, recursive: true })
      .byPage({ maxPageSize: 3 })) {
      pages.push((page.pathItems ?? []).map((p) => p.name ?? ''));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all.map((p) => p.name));
    const listCalls = emu.requests.filter({ service: 'onelake', method: 'GET' });
    expect(listCalls).toHaveLength(3);
    expect(listCalls[1]?.url).toContain('continuation=');
  });

  it('lists the workspace root: the lakehouse item, then Files and Tables', async () => {
    const names = [];
    for await (const p of fs.listPaths({ recursive: false })) names.push(p.name);
    expect(names).toEqual([item]);
    const top = [];
    for await (const p of fs.listPaths({ path: item })) top.push(p.name);
    expect(top).toEqual([`${item}/Files`, `${item}/Tables`]);
  });

  it('renames a file (move) and a directory, and deletes recursively', async () => {
    const file = fs.getFileClient(`${item}/Files/mv/a.txt`);
    await file.upload(Buffer.from('move me'));
    await file.move(`${item}/Files/mv/b.txt`);
    expect(await file.exists()).toBe(false);
    expect((await fs.getFileClient(`${item}/Files/mv/b.txt`).readToBuffer()).toString()).toBe('move me');

    await fs.getDirectoryClient(`${item}/Files/mv`).move(`${item}/Files/moved`);
    expect(await readFile(join(emu.lakehouseDir, 'Files', 'moved', 'b.txt'), 'utf8')).toBe('move me');

    const dir = fs.getDirectoryClient(`${item}/Files/moved`);
    const notRecursive = await dir.delete(false).catch((e: unknown) => e);
    expect((notRecursive as RestError).statusCode).toBe(409);
    expect((notRecursive as RestError).code).toBe('DirectoryNotEmpty');
    await dir.delete(true);
    expect(await dir.exists()).toBe(false);
  });

  it('missing paths are 404 PathNotFound with the DFS error body; managed folders cannot be deleted', async () => {
    const missing = await fs
      .getDirectoryClient(`${item}/Files/absent`)
      .delete(true)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RestError);
    expect((missing as RestError).statusCode).toBe(404);
    expect((missing as RestError).code).toBe('PathNotFound');
    const managed = await fs
      .getDirectoryClient(`${item}/Files`)
      .delete(true)
      .catch((e: unknown) => e);
    expect((managed as RestError).statusCode).toBe(403);
    expect(await readFile(join(emu.lakehouseDir, 'Files', 'upload', 'data.bin'))).toHaveLength(300_000);
  });

  describe('wire details (raw HTTPS)', () => {
    let storage: string;
    const url = (p: string): string => `${emu.url}${p}`;
    const auth = (): Record<string, string> => ({ Authorization: `Bearer ${storage}` });

    beforeAll(async () => {
      storage = await tokenFor(emu, STORAGE_SCOPE);
    });

    it('accepts paths with and without the /onelake account segment and the item name form', async () => {
      await writeFile(join(emu.lakehouseDir, 'Files', 'seg.txt'), 'segment');
      for (const p of [
        `/onelake/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/seg.txt`,
        `/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/seg.txt`,
        `/onelake/SalesWorkspace/SalesLakehouse.Lakehouse/Files/seg.txt`,
      ]) {
        const res = await httpsRequest(url(p), {
          ca: emu.caCertPem,
          headers: { ...auth(), Range: 'bytes=0-2' },
        });
        expect(res.status).toBe(206);
        expect(res.text).toBe('seg');
        expect(res.headers['content-range']).toBe('bytes 0-2/7');
      }
    });

    it('flush at a position other than the appended length is 400 InvalidFlushPosition and commits nothing', async () => {
      const p = url(`/onelake/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/flush.txt`);
      const put = await httpsRequest(`${p}?resource=file`, {
        ca: emu.caCertPem,
        method: 'PUT',
        headers: auth(),
      });
      expect(put.status).toBe(201);
      const append = await httpsRequest(`${p}?action=append&position=0`, {
        ca: emu.caCertPem,
        method: 'PATCH',
        headers: auth(),
        body: 'hello',
      });
      expect(append.status).toBe(202);
      expect(await readFile(join(emu.lakehouseDir, 'Files', 'flush.txt'), 'utf8')).toBe(''); // not yet visible
      const bad = await httpsRequest(`${p}?action=flush&position=9`, {
        ca: emu.caCertPem,
        method: 'PATCH',
        headers: auth(),
      });
      expect(bad.status).toBe(400);
      expect(bad.headers['x-ms-error-code']).toBe('InvalidFlushPosition');
      expect(bad.json()).toMatchObject({ error: { code: 'InvalidFlushPosition' } });
      const good = await httpsRequest(`${p}?action=flush&position=5`, {
        ca: emu.caCertPem,
        method: 'PATCH',
        headers: auth(),
      });
      expect(good.status).toBe(200);
      expect(good.headers.etag).toMatch(/^"0x/);
      expect(await readFile(join(emu.lakehouseDir, 'Files', 'flush.txt'), 'utf8')).toBe('hello');
    });

    it('appends may arrive out of order; a gap makes the flush fail, filling it lets the flush pass', async () => {
      const p = url(`/onelake/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/ooo.txt`);
      const send = (query: string, body?: string): ReturnType<typeof httpsRequest> =>
        httpsRequest(`${p}?${query}`, {
          ca: emu.caCertPem,
          method: query.startsWith('resource') ? 'PUT' : 'PATCH',
          headers: auth(),
          body,
        });
      expect((await send('resource=file')).status).toBe(201);
      expect((await send('action=append&position=10', 'KLMNO')).status).toBe(202);
      expect((await send('action=append&position=0', 'ABCDE')).status).toBe(202);
      const gap = await send('action=flush&position=15');
      expect(gap.headers['x-ms-error-code']).toBe('InvalidFlushPosition');
      expect((await send('action=append&position=5', 'FGHIJ')).status).toBe(202);
      expect((await send('action=flush&position=15')).status).toBe(200);
      expect(await readFile(join(emu.lakehouseDir, 'Files', 'ooo.txt'), 'utf8')).toBe('ABCDEFGHIJKLMNO');
    });

    it('create with If-None-Match: * on an existing path is 409 PathAlreadyExists', async () => {
      const p = url(`/onelake/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/seg.txt?resource=file`);
      const res = await httpsRequest(p, {
        ca: emu.caCertPem,
        method: 'PUT',
        headers: { ...auth(), 'If-None-Match': '*' },
      });
      expect(res.status).toBe(409);
      expect(res.headers['x-ms-error-code']).toBe('PathAlreadyExists');
      expect(await readFile(join(emu.lakehouseDir, 'Files', 'seg.txt'), 'utf8')).toBe('segment');
    });

    it('rename accepts an x-ms-rename-source with the /onelake segment while the target has none', async () => {
      await writeFile(join(emu.lakehouseDir, 'Files', 'src.txt'), 'renamed');
      const res = await httpsRequest(
        url(`/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/dst.txt?mode=legacy`),
        {
          ca: emu.caCertPem,
          method: 'PUT',
          headers: {
            ...auth(),
            'x-ms-rename-source': `/onelake/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/src.txt`,
          },
        },
      );
      expect(res.status).toBe(201);
      expect(await readFile(join(emu.lakehouseDir, 'Files', 'dst.txt'), 'utf8')).toBe('renamed');
    });

    it('a range beyond the end is 416 InvalidRange; a path escaping the lakehouse is refused', async () => {
      const p = url(`/onelake/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/seg.txt`);
      const res = await httpsRequest(p, {
        ca: emu.caCertPem,
        headers: { ...auth(), 'x-ms-range': 'bytes=100-200' },
      });
      expect(res.status).toBe(416);
      expect(res.headers['x-ms-error-code']).toBe('InvalidRange');
      const escape = await httpsRequest(
        url(`/onelake/${emu.env.FABRIC_WORKSPACE_ID}/${item}/Files/..%2F..%2F..%2Fetc%2Fpasswd`),
        {
          ca: emu.caCertPem,
          headers: auth(),
        },
      );
      expect(escape.status).toBe(400);
    });

    it('needs a storage-audience token: none is NoAuthenticationInformation, a Fabric token InvalidAuthenticationInfo', async () => {
      const p = url(`/onelake/${emu.env.FABRIC_WORKSPACE_ID}?resource=filesystem&recursive=false`);
      const none = await httpsRequest(p, { ca: emu.caCertPem });
      expect(none.status).toBe(401);
      expect(none.headers['x-ms-error-code']).toBe('NoAuthenticationInformation');
      const fabric = await httpsRequest(p, {
        ca: emu.caCertPem,
        headers: { Authorization: `Bearer ${await tokenFor(emu, FABRIC_SCOPE)}` },
      });
      expect(fabric.status).toBe(401);
      expect(fabric.json()).toMatchObject({ error: { code: 'InvalidAuthenticationInfo' } });
      expect(fabric.json<{ error: { message: string } }>().error.message).toMatch(
        /Audience validation failed/,
      );
    });
  });
});
