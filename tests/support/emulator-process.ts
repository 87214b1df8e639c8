import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorEnv } from '../../src/emulator';

// The standalone emulator (src/emulator/cli.ts, what `npm run emulator` runs) as its own process, so a test
// can take the Fabric side away the way a server disappears: SIGKILL, no goodbye. It is started with
// `node --import tsx` (not npx) so the pid is the emulator's own.

const CLI = resolve('src/emulator/cli.ts');

export interface EmulatorProcess {
  env: EmulatorEnv;
  port: number;
  pid: number;
  caCertPem: () => string;
  /** calls the emulator's admin API (faults, request log) with the token it keeps next to its certificate */
  admin(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }>;
  /** SIGKILL; resolves when the process has exited; removes its state folder (certificate, admin token) */
  kill(): Promise<void>;
}

export async function startEmulatorProcess(options: {
  lakehouseDir: string;
  /** 0 (default) = random; give the old port to restart "the same server" */
  port?: number;
  speed?: number;
  deadlineMs?: number;
}): Promise<EmulatorProcess> {
  const args = ['--lakehouse', options.lakehouseDir, '--port', String(options.port ?? 0)];
  if (options.speed !== undefined) args.push('--speed', String(options.speed));
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadlineMs = options.deadlineMs ?? 60_000;
  const line = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The emulator printed no settings within ${deadlineMs} ms; stderr: ${stderr}`));
    }, deadlineMs);
    createInterface({ input: child.stdout }).once('line', (l) => {
      clearTimeout(timer);
      resolveLine(l);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The emulator exited before printing its settings; stderr: ${stderr}`));
    });
  });
  const env = JSON.parse(line) as EmulatorEnv;
  return {
    env,
    port: Number(new URL(env.FABRIC_AUTHORITY_URL).port),
    pid: child.pid!,
    caCertPem: () => readFileSync(env.FABRIC_CA_CERT, 'utf8'),
    admin: (method, path, body) => adminRequest(env, method, path, body),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dirname(env.FABRIC_CA_CERT), { recursive: true, force: true });
    },
  };
}

function adminRequest(
  env: EmulatorEnv,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const token = readFileSync(join(dirname(env.FABRIC_CA_CERT), 'admin-token'), 'utf8');
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolveResponse, reject) => {
    const req = request(
      `${env.FABRIC_AUTHORITY_URL}${path}`,
      {
        method,
        ca: readFileSync(env.FABRIC_CA_CERT, 'utf8'),
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolveResponse({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
