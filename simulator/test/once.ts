// Build products made once per test run (keyed by the vitest main process) while files run side by
// side: the first file to ask builds into a scratch directory and renames it into place (atomic);
// the others wait for that directory to appear. Outputs of earlier runs are pruned after an hour.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

export function oncePerRun(root: string, name: string, build: (scratch: string) => void): string {
  const runId = String(process.ppid);
  const out = join(root, `${name}-${runId}`);
  const lock = `${out}.building`;
  mkdirSync(root, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(out)) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} to become ${out}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      continue;
    }
    try {
      prune(root, out);
      build(lock);
      renameSync(lock, out);
    } catch (err) {
      rmSync(lock, { recursive: true, force: true });
      throw err;
    }
  }
  return out;
}

function prune(root: string, keep: string): void {
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    try {
      if (path !== keep && Date.now() - statSync(path).mtimeMs > 3600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}
