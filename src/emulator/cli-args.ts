export interface CliArgs {
  port: number;
  lakehouseDir?: string;
  speed: number;
  dedupe: boolean;
}

export const USAGE = 'usage: npm run emulator -- [--port N] [--lakehouse DIR] [--speed F] [--dedupe]';

/** Parses the emulator CLI flags; throws with a message that says what to fix. */
export function parseCliArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 0, speed: 1, dedupe: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const [name, inline] = flag.includes('=')
      ? (flag.split(/=(.*)/s, 2) as [string, string])
      : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value. ${USAGE}`);
      return v;
    };
    switch (name) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error(`--port must be 0-65535. ${USAGE}`);
        args.port = port;
        break;
      }
      case '--lakehouse':
        args.lakehouseDir = value();
        break;
      case '--speed': {
        const speed = Number(value());
        if (!Number.isFinite(speed) || speed <= 0)
          throw new Error(`--speed must be a positive number. ${USAGE}`);
        args.speed = speed;
        break;
      }
      case '--dedupe':
        args.dedupe = true;
        break;
      default:
        throw new Error(`unknown option ${flag}. ${USAGE}`);
    }
  }
  return args;
}
