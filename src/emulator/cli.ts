import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createWorkerPipelineRunner } from '../main/ingest/worker-pipeline-runner';
import { parseCliArgs } from './cli-args';
import { startEmulator } from './index';

// Standalone emulator: first stdout line is the connection settings as one JSON object; everything
// meant for people goes to stderr so the line can be parsed by scripts.
async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const emulator = await startEmulator({
    port: args.port,
    lakehouseDir: args.lakehouseDir,
    speed: args.speed,
    dedupe: args.dedupe,
    seedSample: true,
    // The engine runs in a worker so the emulator keeps answering HTTP while a run executes.
    pipelineRunner: createWorkerPipelineRunner(),
  });
  const adminTokenFile = join(dirname(emulator.env.FABRIC_CA_CERT), 'admin-token');
  await writeFile(adminTokenFile, emulator.adminToken, { mode: 0o600 });
  process.stdout.write(`${JSON.stringify(emulator.env)}\n`);
  for (const w of emulator.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stderr.write(
    `Fabric emulator (pid ${process.pid}) listening on ${emulator.url} (speed ${args.speed}${args.dedupe ? ', dedupe' : ''})\n` +
      `lakehouse: ${emulator.lakehouseDir}\ntrust certificate: ${emulator.env.FABRIC_CA_CERT}\n` +
      `admin token file: ${adminTokenFile}\nstop with Ctrl+C\n`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping emulator\n`);
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `emulator failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
