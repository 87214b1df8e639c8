import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeTypeOf, readRendererFile, resolveRendererPath } from '../../../src/main/window/renderer-files';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'portal-renderer-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'top secret');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(async () => rm(base, { recursive: true, force: true }));

describe('renderer files', () => {
  it('serves index.html for / and files under root', async () => {
    expect((await readRendererFile(root, '/'))?.body.toString()).toContain('<title>');
    const js = await readRendererFile(root, '/assets/app.js');
    expect(js?.contentType).toBe('text/javascript; charset=utf-8');
  });
  it('refuses traversal in every spelling', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveRendererPath(root, p), p).toBeNull();
      expect(await readRendererFile(root, p), p).toBeNull();
    }
  });
  it('refuses a symlink that points outside root, and directories', async () => {
    expect(await readRendererFile(root, '/assets/link.txt')).toBeNull();
    expect(await readRendererFile(root, '/assets')).toBeNull();
    expect(await readRendererFile(root, '/missing.js')).toBeNull();
  });
  it('knows the mime types the build produces', () => {
    expect(mimeTypeOf('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeOf('a.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});
