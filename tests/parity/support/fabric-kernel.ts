import { execFile } from 'node:child_process';
import { NOTEBOOK_PATH } from './notebook-cli';

// Runs the notebook the way Fabric does: cell by cell in one namespace (no __file__, as in a Jupyter
// kernel), with the pipeline's values injected as a new cell right after the parameters cell and a
// stand-in for the runtime's notebookutils that records notebook.exit().
const HARNESS = String.raw`
import json, re, sys
path, injected = sys.argv[1], json.loads(sys.argv[2])
source = open(path, encoding="utf-8").read()
parts = re.split(r"^# (CELL|PARAMETERS CELL|MARKDOWN|METADATA) \*+\n", source, flags=re.M)
exits = []
class Notebook:
    def exit(self, value):
        exits.append(value)
class NotebookUtils:
    notebook = Notebook()
namespace = {"__name__": "__main__", "notebookutils": NotebookUtils()}
cells = 0
try:
    for kind, body in zip(parts[1::2], parts[2::2]):
        if kind not in ("CELL", "PARAMETERS CELL"):
            continue
        exec(compile(body, f"<cell {cells}>", "exec"), namespace)
        cells += 1
        if kind == "PARAMETERS CELL":
            exec("\n".join(f"{k} = {v!r}" for k, v in injected.items()), namespace)
except Exception as error:
    print(json.dumps({"raised": f"{type(error).__name__}: {error}", "cells": cells}))
    sys.exit(3)
print(json.dumps({"exits": exits, "cells": cells}))
`;

export interface KernelResult {
  code: number;
  output: { exits?: string[]; raised?: string; cells: number };
  stderr: string;
}

export function runInFabricKernel(python: string, injected: Record<string, unknown>): Promise<KernelResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      python,
      ['-c', HARNESS, NOTEBOOK_PATH, JSON.stringify(injected)],
      { encoding: 'utf8', timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        try {
          resolvePromise({ code: error ? Number(error.code) : 0, output: JSON.parse(stdout), stderr });
        } catch {
          reject(new Error(`harness printed no JSON (exit ${String(error?.code)}): ${stdout}\n${stderr}`));
        }
      },
    );
  });
}
