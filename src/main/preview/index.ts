import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { composeApp } from '../compose';
import { createLogger, parseLogLevel } from '../log/logger';
import { Redactor } from '../log/redact';
import { newToken } from './access';
import { parsePreviewArgs } from './args';
import { parseDemoSpeed } from '../demo/demo-speed';
import { startPreviewServer } from './http-server';

// The browser preview host (built as out/main/preview.js, run with plain Node): the same services as the
// Electron app, the renderer served on 127.0.0.1, the contract over a token-protected WebSocket. Stdout gets
// exactly one line, the address to open; logs go to stderr.

const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));
const packageJson = fileURLToPath(new URL('../../package.json', import.meta.url));

async function main(): Promise<void> {
  let args;
  let demoSpeed;
  try {
    args = parsePreviewArgs(process.argv.slice(2), process.env);
    demoSpeed = parseDemoSpeed(process.env['PORTAL_DEMO_SPEED']);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  await mkdir(args.dataDir, { recursive: true });
  const version = (JSON.parse(await readFile(packageJson, 'utf8')) as { version: string }).version;
  const token = newToken();
  const redactor = new Redactor();
  // The launch token is a credential: it appears on stdout once and never in a log line.
  redactor.addSecret(token);
  const logger = createLogger({
    redactor,
    dataDir: args.dataDir,
    level: parseLogLevel(process.env['PORTAL_LOG_LEVEL']),
    stderr: process.env['PORTAL_LOG_STDERR'] === '1',
  });

  const composed = await composeApp({
    host: 'preview',
    dataDir: args.dataDir,
    logger,
    redactor,
    version,
    ...(demoSpeed !== undefined ? { demoSpeed } : {}),
  });
  const server = await startPreviewServer({
    rendererRoot,
    token,
    port: args.port,
    router: composed.router,
    events: composed.events,
    logger,
    downloads: composed.services.artifacts.exports,
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`Stopping the preview host (${signal})`);
    void server
      .close()
      .then(() => composed.dispose())
      .finally(() => {
        logger.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(`Fabric Data Portal preview: ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The preview host could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
