import { execFile } from 'node:child_process';
import { NOTEBOOK_PATH } from './notebook-cli';

// Calls functions of the notebook directly: its cells are run up to (not including) the entry cell, then
// each request {fn, args} is applied. Used to compare the notebook's primitives with JavaScript's.
const HARNESS = String.raw`
import json, re, sys
source = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"^# (CELL|PARAMETERS CELL|MARKDOWN|METADATA) \*+\n", source, flags=re.M)
code = [body for kind, body in zip(parts[1::2], parts[2::2]) if kind in ("CELL", "PARAMETERS CELL")]
namespace = {"__name__": "notebook_functions"}
for body in code[:-1]:
    exec(body, namespace)
requests = json.load(sys.stdin)
print(json.dumps([namespace[r["fn"]](*r["args"]) for r in requests], ensure_ascii=False))
`;

export function callNotebook(
  python: string,
  requests: { fn: string; args: unknown[] }[],
): Promise<unknown[]> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      python,
      ['-c', HARNESS, NOTEBOOK_PATH],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolvePromise(JSON.parse(stdout) as unknown[]);
      },
    );
    child.stdin!.end(JSON.stringify(requests));
  });
}
