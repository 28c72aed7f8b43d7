/**
 * One real PostgreSQL server behind a simulated cluster: initdb into its own directory, a
 * `postgres` child process listening on a loopback address, and the administrative SQL the
 * simulated APIs need (roles, databases, grants, extensions, settings, snapshots). Every statement
 * runs as the server's own superuser, whose random password never leaves the simulator.
 *
 * PostgreSQL refuses to run as root: when the simulator is root, the server runs as the `postgres`
 * system user if there is one, else `nobody` (the data directory is handed to that user).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PgBinaries } from "./binaries";

/** The few `pg` client members used here (the package is loaded lazily: API-only needs none). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
  on(event: "error", cb: (err: Error) => void): void;
}
type PgClientCtor = new (o: {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  connectionTimeoutMillis: number;
}) => PgClient;

let clientCtor: PgClientCtor | undefined;
function pgClient(): PgClientCtor {
  clientCtor ??= (require("pg") as { Client: PgClientCtor }).Client;
  return clientCtor;
}

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The unprivileged account the server runs as when the simulator is root (initdb refuses root). */
export function serverAccount(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
    } catch {
      // try the next account
    }
  }
  throw new Error("running as root and neither a postgres nor a nobody account exists: PostgreSQL cannot run as root");
}

export interface PgServerOptions {
  /** Directory owned by this server (data, snapshots, log); removed by destroy(). */
  dir: string;
  binaries: PgBinaries;
  /** Loopback address the server listens on, e.g. `127.31.7.2`. */
  host: string;
  port: number;
  /** The superuser's password, shared by the pool's servers so a snapshot restores into any of them. */
  adminPassword: string;
  log: (line: string) => void;
}

export class PgServer {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly version: string;
  private readonly account = serverAccount();
  private proc: ChildProcess | undefined;

  constructor(private readonly o: PgServerOptions) {
    this.host = o.host;
    this.port = o.port;
    this.dir = o.dir;
    this.version = o.binaries.version;
  }

  get dataDir(): string {
    return join(this.dir, "data");
  }

  get running(): boolean {
    return this.proc !== undefined;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** initdb, or a copy of a snapshot (restore); then the access rules. */
  async init(fromSnapshot?: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.own(this.dir);
    if (fromSnapshot) {
      cpSync(fromSnapshot, this.dataDir, { recursive: true });
      // PostgreSQL insists on a private data directory.
      chmodSync(this.dataDir, 0o700);
      this.ownTree(this.dataDir);
    } else {
      const pwfile = join(this.dir, "pwfile");
      writeFileSync(pwfile, `${this.o.adminPassword}\n`, { mode: 0o600 });
      this.own(pwfile);
      try {
        await this.run(this.o.binaries.initdb, [
          "-D",
          this.dataDir,
          "-U",
          "postgres",
          `--pwfile=${pwfile}`,
          "-A",
          "scram-sha-256",
          "-E",
          "UTF8",
          "--locale=C",
          "--no-sync",
        ]);
      } finally {
        rmSync(pwfile, { force: true });
      }
    }
    if (!fromSnapshot) {
      const conf = join(this.dataDir, "postgresql.conf");
      writeFileSync(conf, `${readFileSync(conf, "utf8")}\ninclude_if_exists = 'dbaas.conf'\n`);
    }
    // Password authentication over TCP from loopback only (every simulated endpoint is loopback).
    const hba = join(this.dataDir, "pg_hba.conf");
    writeFileSync(hba, "host all all 127.0.0.0/8 scram-sha-256\n");
    this.own(hba);
  }

  async start(): Promise<void> {
    if (this.proc) return;
    const args = [
      "-D",
      this.dataDir,
      "-h",
      this.host,
      "-p",
      String(this.port),
      "-k",
      "",
      "-c",
      "fsync=off",
      "-c",
      "shared_buffers=16MB",
      "-c",
      "max_wal_senders=0",
      "-c",
      "wal_level=minimal",
    ];
    const proc = spawn(this.o.binaries.postgres, args, {
      ...this.account,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    this.proc = proc;
    let tail = "";
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        tail = (tail + chunk.toString("utf8")).slice(-4000);
        if (tail.includes("ready to accept connections")) {
          proc.stderr.off("data", onData);
          // Keep draining stderr so the server never blocks on a full pipe.
          proc.stderr.on("data", () => {});
          resolve();
        }
      };
      proc.stderr.on("data", onData);
      proc.once("exit", (code, signal) =>
        reject(
          new Error(`postgres exited during start (code ${code}, signal ${signal}): ${tail.trim().split("\n").slice(-3).join(" | ")}`),
        ),
      );
      proc.once("error", reject);
    }).catch((err: unknown) => {
      this.proc = undefined;
      throw err;
    });
    proc.once("exit", () => {
      if (this.proc === proc) this.proc = undefined;
    });
    this.o.log(`postgres ${this.version} listening on ${this.host}:${this.port} (pid ${proc.pid})`);
  }

  /** Fast shutdown (SIGINT): open sessions are ended, data is kept. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGINT");
    });
    this.proc = undefined;
  }

  /** Stop and remove the server's directory (data and snapshots). */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A consistent copy of the data directory into `target` (the server is stopped for the copy, then restarted if it ran). */
  async snapshot(target: string): Promise<void> {
    const wasRunning = this.running;
    await this.stop();
    cpSync(this.dataDir, target, { recursive: true });
    rmSync(join(target, "postmaster.pid"), { force: true });
    if (wasRunning) await this.start();
  }

  /** Run statements as the superuser in `database`; returns the last statement's rows. */
  sql(statements: string | string[], database = "postgres", params?: unknown[]): Promise<Array<Record<string, unknown>>> {
    return this.withClient(database, async (client) => {
      let rows: Array<Record<string, unknown>> = [];
      for (const s of Array.isArray(statements) ? statements : [statements]) rows = (await client.query(s, params)).rows;
      return rows;
    });
  }

  private async withClient<T>(database: string, fn: (client: PgClient) => Promise<T>): Promise<T> {
    const Client = pgClient();
    const client = new Client({
      host: this.host,
      port: this.port,
      user: "postgres",
      password: this.o.adminPassword,
      database,
      connectionTimeoutMillis: 10_000,
    });
    client.on("error", () => {});
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  // ---- settings ----

  /**
   * The server's reason for refusing `name = value` (read as a configuration file reads it, so a
   * list such as search_path is parsed as a list), or undefined when it accepts it. Nothing changes.
   */
  async checkSetting(name: string, value: string): Promise<string | undefined> {
    const ctx = (await this.sql("SELECT context FROM pg_settings WHERE name = $1", "postgres", [name]))[0]?.context;
    if (ctx === undefined) return `unrecognized configuration parameter "${name}"`;
    return this.withClient("postgres", async (client) => {
      try {
        if (ctx === "user" || ctx === "superuser") {
          // set_config parses the string as the whole value, as postgresql.conf does; rolled back.
          await client.query("BEGIN");
          await client.query("SELECT set_config($1, $2, true)", [name, value]);
        } else {
          // Not settable in a session (postmaster, sighup): ALTER SYSTEM validates, RESET undoes
          // it (the simulator never keeps anything in postgresql.auto.conf) and nothing is reloaded.
          await client.query(`ALTER SYSTEM SET ${ident(name)} = ${literal(value)}`);
          await client.query(`ALTER SYSTEM RESET ${ident(name)}`);
        }
        return undefined;
      } catch (err) {
        const e = err as Error & { detail?: string };
        return e.detail ? `${e.message} (${e.detail})` : e.message;
      } finally {
        await client.query("ROLLBACK").catch(() => undefined);
      }
    });
  }

  /**
   * Apply settings (null = back to the default) through `dbaas.conf`, included by postgresql.conf
   * and written as a configuration file, as a managed service writes its own; restarts the server
   * when one needs it.
   */
  async applySettings(settings: Record<string, string | null>): Promise<{ restarted: boolean }> {
    const names = Object.keys(settings);
    if (names.length === 0) return { restarted: false };
    const current = this.readSettings();
    for (const n of names) {
      if (settings[n] === null) delete current[n];
      else current[n] = settings[n]!;
    }
    this.writeSettings(current);
    await this.sql("SELECT pg_reload_conf()");
    const pending = await this.sql("SELECT name FROM pg_settings WHERE pending_restart AND name = ANY($1)", "postgres", [names]);
    const needsRestart = pending.length > 0 || names.some((n) => STATIC_SETTINGS.has(n));
    if (!needsRestart) return { restarted: false };
    await this.stop();
    await this.start();
    return { restarted: true };
  }

  private readSettings(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(join(this.dataDir, "dbaas.json"), "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private writeSettings(settings: Record<string, string>): void {
    const conf = Object.entries(settings)
      .map(([k, v]) => `${k} = '${v.replace(/\\/g, "\\\\").replace(/'/g, "''")}'\n`)
      .join("");
    for (const [file, text] of [
      ["dbaas.json", JSON.stringify(settings)],
      ["dbaas.conf", conf],
    ] as const) {
      writeFileSync(join(this.dataDir, file), text);
      this.own(join(this.dataDir, file));
    }
  }

  // ---- roles, databases, privileges, extensions ----

  async createRole(name: string, password: string, opts: { createdb?: boolean } = {}): Promise<void> {
    await this.sql(`CREATE ROLE ${ident(name)} LOGIN PASSWORD ${literal(password)}${opts.createdb ? " CREATEDB CREATEROLE" : ""}`);
  }

  async alterRolePassword(name: string, password: string): Promise<void> {
    await this.sql(`ALTER ROLE ${ident(name)} PASSWORD ${literal(password)}`);
  }

  /** Its privileges and objects go with it in every database (else DROP ROLE refuses). */
  async dropRole(name: string): Promise<void> {
    if ((await this.sql("SELECT 1 FROM pg_roles WHERE rolname = $1", "postgres", [name])).length === 0) return;
    const dbs = await this.sql("SELECT datname FROM pg_database WHERE datallowconn");
    for (const db of dbs) await this.sql(`DROP OWNED BY ${ident(name)}`, String(db.datname));
    await this.sql(`DROP ROLE ${ident(name)}`);
  }

  /** A database only its owner and granted users may connect to (CONNECT is revoked from PUBLIC). */
  async createDatabase(name: string, owner: string | null): Promise<void> {
    await this.sql([
      `CREATE DATABASE ${ident(name)}${owner ? ` OWNER ${ident(owner)}` : ""}`,
      `REVOKE CONNECT, TEMPORARY ON DATABASE ${ident(name)} FROM PUBLIC`,
    ]);
  }

  async alterDatabaseOwner(name: string, owner: string): Promise<void> {
    await this.sql(`ALTER DATABASE ${ident(name)} OWNER TO ${ident(owner)}`);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.sql(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  }

  /** Full use of the database: connect, create, and every table of its public schema, present and future (the owner's). */
  async grant(user: string, database: string): Promise<void> {
    const owner = (await this.sql("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", "postgres", [database]))[0]
      ?.owner as string;
    await this.sql(`GRANT ALL ON DATABASE ${ident(database)} TO ${ident(user)}`);
    await this.sql(
      [
        `GRANT ALL ON SCHEMA public TO ${ident(user)}`,
        `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${ident(user)}`,
        `GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${ident(user)}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA public GRANT ALL ON TABLES TO ${ident(user)}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA public GRANT ALL ON SEQUENCES TO ${ident(user)}`,
      ],
      database,
    );
  }

  async revoke(user: string, database: string): Promise<void> {
    const owner = (await this.sql("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", "postgres", [database]))[0]
      ?.owner as string | undefined;
    if (owner === undefined) return;
    await this.sql(
      [
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA public REVOKE ALL ON TABLES FROM ${ident(user)}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${ident(user)}`,
        `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${ident(user)}`,
        `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${ident(user)}`,
        `REVOKE ALL ON SCHEMA public FROM ${ident(user)}`,
      ],
      database,
    );
    await this.sql(`REVOKE ALL ON DATABASE ${ident(database)} FROM ${ident(user)}`);
  }

  async availableExtensions(): Promise<Set<string>> {
    return new Set((await this.sql("SELECT name FROM pg_available_extensions")).map((r) => String(r.name)));
  }

  async createExtension(database: string, name: string): Promise<void> {
    await this.sql(`CREATE EXTENSION IF NOT EXISTS ${ident(name)} CASCADE`, database);
  }

  async dropExtension(database: string, name: string): Promise<void> {
    await this.sql(`DROP EXTENSION IF EXISTS ${ident(name)}`, database);
  }

  private own(path: string): void {
    if (this.account) chownSync(path, this.account.uid, this.account.gid);
  }

  private ownTree(path: string): void {
    if (this.account) execFileSync("chown", ["-R", `${this.account.uid}:${this.account.gid}`, path]);
  }

  private run(file: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const p = spawn(file, args, {
        ...this.account,
        cwd: this.dir,
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, LC_MESSAGES: "C" },
      });
      let err = "";
      p.stderr.on("data", (c: Buffer) => (err = (err + c.toString("utf8")).slice(-4000)));
      p.once("error", reject);
      p.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}: ${err.trim()}`))));
    });
  }
}

/** Settings that take effect only at server start (postmaster context) among those the clouds expose. */
const STATIC_SETTINGS = new Set(["max_connections", "shared_buffers"]);
