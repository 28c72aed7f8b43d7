/**
 * The bounded pool of real servers one simulator runs. It owns a temporary root directory (one
 * sub-directory per server) and a watchdog process: if the simulator dies without closing the pool
 * (SIGKILL, a crash), the watchdog stops every server it started and removes the root, so no
 * `postgres` process or data directory outlives the simulator. A normal close does the same itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPgBinaries, type PgBinaries } from "./postgres/binaries";
import { PgServer } from "./postgres/server";

export const DEFAULT_MAX_SERVERS = 10;

export class PoolExhaustedError extends Error {
  constructor(max: number) {
    super(
      `the simulator's real-engine pool is full: ${max} of ${max} PostgreSQL servers are in use; ` +
        `delete a cluster, raise DBAAS_SIM_REAL_ENGINES_MAX, or run the simulator with --engines ` +
        `api-only (DBAAS_SIM_REAL_ENGINES=0)`,
    );
  }
}

/** Every pool in this process takes its loopback addresses from one counter, so two simulators never share one. */
let addressSeq = 0;
function nextLoopback(): string {
  // 127.0.0.0/8 is all loopback on Linux: one address per server lets each listen on the port its
  // cluster was created with (SCP's database_port, Selectel's 5433) without clashing.
  const n = addressSeq++;
  const pid = process.pid;
  return `127.${(pid >> 8) & 255 || 1}.${pid & 255}.${2 + (n % 250)}`;
}

export interface PoolOptions {
  max?: number;
  log?: (line: string) => void;
}

export class EnginePool {
  readonly max: number;
  private readonly servers = new Map<string, PgServer>();
  private binaries: PgBinaries | undefined;
  private root: string | undefined;
  private watchdog: ChildProcess | undefined;
  private readonly log: (line: string) => void;
  private readonly adminPassword = randomBytes(18).toString("base64url");
  private snapshotSeq = 0;

  constructor(o: PoolOptions = {}) {
    this.max = o.max ?? DEFAULT_MAX_SERVERS;
    this.log = o.log ?? ((line) => process.stderr.write(`pulumi-dbaas-sim: ${line}\n`));
  }

  /** Fails early (at simulator start) when no binaries are installed. */
  ensureBinaries(): PgBinaries {
    this.binaries ??= findPgBinaries();
    return this.binaries;
  }

  get size(): number {
    return this.servers.size;
  }

  get full(): boolean {
    return this.servers.size >= this.max;
  }

  get(key: string): PgServer | undefined {
    return this.servers.get(key);
  }

  keys(): string[] {
    return [...this.servers.keys()];
  }

  /** A new, initialised and started server for `key`, or PoolExhaustedError. */
  async create(key: string, port: number, fromSnapshot?: string): Promise<PgServer> {
    if (this.servers.has(key)) throw new Error(`a server for ${key} exists already`);
    if (this.full) throw new PoolExhaustedError(this.max);
    const binaries = this.ensureBinaries();
    const root = this.ensureRoot();
    const server = new PgServer({
      dir: join(root, key.replace(/[^A-Za-z0-9_-]/g, "_")),
      binaries,
      host: nextLoopback(),
      port,
      adminPassword: this.adminPassword,
      log: this.log,
    });
    this.servers.set(key, server);
    try {
      await server.init(fromSnapshot);
      await server.start();
    } catch (err) {
      this.servers.delete(key);
      await server.destroy().catch(() => undefined);
      throw err;
    }
    return server;
  }

  /** A consistent copy of `key`'s data, kept until the pool closes (a backup outlives its cluster). */
  async snapshot(key: string): Promise<string> {
    const s = this.servers.get(key);
    if (!s) throw new Error(`no server for ${key}`);
    const target = join(this.ensureRoot(), "snapshots", String(++this.snapshotSeq));
    await s.snapshot(target);
    return target;
  }

  async destroy(key: string): Promise<void> {
    const s = this.servers.get(key);
    if (!s) return;
    this.servers.delete(key);
    await s.destroy();
  }

  /** Stop and remove every server, the root directory and the watchdog. */
  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.destroy().catch(() => undefined)));
    this.servers.clear();
    if (this.watchdog?.pid) {
      try {
        process.kill(this.watchdog.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    this.watchdog = undefined;
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }

  dump(): unknown {
    return {
      max: this.max,
      root: this.root ?? null,
      servers: [...this.servers].map(([key, s]) => ({
        key,
        endpoint: `${s.host}:${s.port}`,
        version: s.version,
        running: s.running,
        pid: s.pid ?? null,
      })),
    };
  }

  private ensureRoot(): string {
    if (this.root) return this.root;
    const root = mkdtempSync(join(tmpdir(), "pulumi-dbaas-sim-pg-"));
    // The servers may run as another account (never root): it must traverse into its own directory.
    chmodSync(root, 0o711);
    this.root = root;
    this.watchdog = startWatchdog(process.pid, root);
    return root;
  }
}

/**
 * A detached shell that outlives a killed simulator: once `simPid` is gone it fast-stops every
 * postmaster recorded under `root` (first line of each postmaster.pid), waits for them, then removes
 * `root`. It exits on its own when `root` disappears (a normal close).
 */
function startWatchdog(simPid: number, root: string): ChildProcess {
  const script = `
while kill -0 ${simPid} 2>/dev/null && [ -d "$1" ]; do sleep 1; done
[ -d "$1" ] || exit 0
for f in "$1"/*/data/postmaster.pid; do [ -f "$f" ] && kill -INT "$(head -n 1 "$f")" 2>/dev/null; done
for i in 1 2 3 4 5 6 7 8 9 10; do
  alive=0
  for f in "$1"/*/data/postmaster.pid; do [ -f "$f" ] && kill -0 "$(head -n 1 "$f")" 2>/dev/null && alive=1; done
  [ $alive = 0 ] && break
  sleep 0.5
done
for f in "$1"/*/data/postmaster.pid; do [ -f "$f" ] && kill -KILL "$(head -n 1 "$f")" 2>/dev/null; done
rm -rf "$1"`;
  const child = spawn("sh", ["-c", script, "watchdog", root], { detached: true, stdio: "ignore" });
  child.unref();
  return child;
}
