// Drives the real `pulumi` CLI (local file backend) on a copy of an example program that installs
// pulumi-dbaas from its packed tarball.
import { execFile, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "vitest";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(__dirname, "../..");

export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const started = Date.now();
  return new Promise((res) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as any).code === "number" ? (err as any).code : 1) : 0;
        // Where the end-to-end time goes: one line per command, when asked (scripts/test-trace.js sums them).
        if (process.env.DBAAS_E2E_TRACE) {
          const line = {
            file: process.env.VITEST_TEST_FILE ?? expect.getState().testPath,
            cmd: [cmd, ...args.slice(0, 2)].join(" "),
            ms: Date.now() - started,
          };
          appendFileSync(process.env.DBAAS_E2E_TRACE, JSON.stringify(line) + "\n");
        }
        res({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

export interface StepPlan {
  op: string;
  type: string;
  name: string;
  /** Input keys whose values differ between the old and new state, as the CLI displays them. */
  changedKeys: string[];
  replaceReasons: string[];
}

export class PulumiProject {
  readonly env: NodeJS.ProcessEnv;

  private constructor(
    readonly dir: string,
    readonly home: string,
    readonly stack: string,
    extraEnv: NodeJS.ProcessEnv,
  ) {
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${join(home, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_HOME: join(home, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
      // The SDK's own switch (ts-node without a type check): the programs are type-checked once per
      // run when their template is installed, not again on every CLI call, which would cost each
      // preview and up about 4 s of CPU.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      // Node's on-disk cache of compiled modules, shared by the run's programs and provider
      // processes: loading @pulumi/pulumi is most of a process's start-up.
      NODE_COMPILE_CACHE: join(tmpdir(), "pulumi-dbaas-e2e-node-cache"),
      // Poll the simulator briskly; the real defaults are seconds.
      DBAAS_WAIT_MIN_INTERVAL_MS: "50",
      DBAAS_WAIT_MAX_INTERVAL_MS: "250",
      DBAAS_HTTP_MIN_RETRY_MS: "50",
      ...extraEnv,
    };
    // Credentials must come from stack config in these tests, never from the runner's environment.
    delete this.env.SCP_ACCESS_KEY;
    delete this.env.SCP_SECRET_KEY;
  }

  /**
   * Copies `examples/<name>`, points its pulumi-dbaas dependency at the tarball (other dependencies
   * may be overridden, say an older SDK) and installs it. The install runs once per test run and
   * example (see `installedTemplate`); each project gets its own copy of the result.
   */
  static async create(
    example: string,
    tarball: string,
    opts: { env?: NodeJS.ProcessEnv; stack?: string; dependencies?: Record<string, string> } = {},
  ): Promise<PulumiProject> {
    const home = mkdtempSync(join(tmpdir(), `dbaas-e2e-${example}-`));
    const dir = join(home, example);
    copyProject(await installedTemplate(example, tarball, opts.dependencies ?? {}), dir);
    mkdirSync(join(home, "backend"), { recursive: true });
    const project = new PulumiProject(dir, home, opts.stack ?? "dev", opts.env ?? {});
    await project.ok(["stack", "init", project.stack]);
    return project;
  }

  pulumi(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
    return run("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: { ...this.env, ...opts.env }, timeoutMs: opts.timeoutMs });
  }

  async ok(args: string[]): Promise<RunResult> {
    const r = await this.pulumi(args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r;
  }

  async config(key: string, value: string, opts: { secret?: boolean; path?: boolean } = {}) {
    await this.ok(["config", "set", ...(opts.secret ? ["--secret"] : []), ...(opts.path ? ["--path"] : []), key, value]);
  }

  /**
   * Several values in one CLI call (`pulumi config set-all`), each plain or secret; with `path`,
   * keys are paths (`scpProd.accessKey`) as with `config set --path`.
   */
  async configAll(values: Record<string, string>, secrets: Record<string, string> = {}, opts: { path?: boolean } = {}) {
    const args = [
      ...Object.entries(values).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
      ...Object.entries(secrets).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
    ];
    if (args.length > 0) await this.ok(["config", "set-all", ...(opts.path ? ["--path"] : []), ...args]);
  }

  /**
   * Structured or plain program config (lists, objects, numbers) written as JSON, which is valid
   * YAML, into the stack file in one go: every `pulumi config set` would cost a CLI start. Keys
   * already there are removed first by the CLI (one `config rm-all`, whatever their shape).
   */
  async configValues(values: Record<string, unknown>) {
    const file = join(this.dir, `Pulumi.${this.stack}.yaml`);
    const project = (readFileSync(join(this.dir, "Pulumi.yaml"), "utf8").match(/^name:\s*(\S+)/m) ?? [])[1];
    const full = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    const lines = readFileSync(file, "utf8").split("\n");
    const present = Object.keys(values).filter((k) => lines.some((l) => l.startsWith(`  ${full(k)}:`)));
    if (present.length > 0) await this.ok(["config", "rm-all", ...present]);
    const text = readFileSync(file, "utf8").replace(/\n*$/, "\n");
    writeFileSync(
      file,
      text +
        Object.entries(values)
          .map(([k, v]) => `  ${full(k)}: ${JSON.stringify(v)}\n`)
          .join(""),
    );
  }

  configJson(key: string, value: unknown) {
    return this.configValues({ [key]: value });
  }

  async configRm(key: string) {
    await this.ok(["config", "rm", key]);
  }

  up() {
    return this.ok(["up", "--yes", "--skip-preview"]);
  }

  async outputs(): Promise<Record<string, any>> {
    return JSON.parse((await this.ok(["stack", "output", "--json", "--show-secrets"])).stdout);
  }

  /** `pulumi preview --json`, reduced to the steps of our resources. */
  async plan(extra: string[] = []): Promise<StepPlan[]> {
    const r = await this.ok(["preview", "--json", ...extra]);
    return planOf(JSON.parse(r.stdout));
  }

  async exportState(): Promise<string> {
    return (await this.ok(["stack", "export"])).stdout;
  }
}

/**
 * Starts `pulumi up` and, once `ready()` holds and `afterMs` more have passed, SIGKILLs its whole
 * session (the CLI starts its plugins in process groups of their own): a runner killed mid-way.
 * Returns the session id, to check that nothing of it is left.
 */
export async function upKilledWhen(p: PulumiProject, ready: () => Promise<boolean>, afterMs = 0): Promise<number> {
  const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], {
    cwd: p.dir,
    env: p.env,
    detached: true,
    stdio: "ignore",
  });
  const deadline = Date.now() + 240_000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error("pulumi up never reached the point to be killed at");
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, afterMs));
  await run("pkill", ["-KILL", "-s", String(child.pid)], { cwd: p.dir });
  await new Promise((r) => setTimeout(r, 500));
  return child.pid!;
}

export function planOf(preview: any): StepPlan[] {
  return (preview.steps ?? [])
    .filter((s: any) => String(s.urn).includes("pulumi-nodejs:dynamic/"))
    .map((s: any) => {
      const olds = s.oldState?.inputs ?? {};
      const news = s.newState?.inputs ?? {};
      const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !k.startsWith("__")));
      const changedKeys = [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
      const urn = String(s.urn);
      return {
        op: s.op,
        type: urn.split("::")[2],
        name: urn.split("::")[3],
        changedKeys,
        replaceReasons: [...(s.replaceReasons ?? [])].sort(),
      };
    });
}

/**
 * Where installed examples are kept, across runs: each is keyed by the content of what it is made
 * of (the example's files, the packed tarball's bytes, the dependency overrides), so a run whose
 * sources did not change reuses the last run's, and a changed source gets a new one.
 */
const TEMPLATES = join(tmpdir(), "pulumi-dbaas-e2e-templates");
const building = new Map<string, Promise<string>>();
const hashes = new Map<string, string>();

const sha = (...parts: (string | Buffer)[]) => {
  const h = createHash("sha256");
  for (const part of parts) h.update(part).update("\0");
  return h.digest("hex").slice(0, 16);
};

/** The tarball's content hash (a run packs it once; every file of the run asks). */
function tarballHash(tarball: string): string {
  let hash = hashes.get(tarball);
  if (!hash) hashes.set(tarball, (hash = sha(readFileSync(tarball))));
  return hash;
}

/** The example's files (node_modules aside), path and content, in a stable order. */
function exampleHash(example: string): string {
  const dir = join(ROOT, "examples", example);
  const files = (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => !f.split(/[\\/]/).includes("node_modules") && statSync(join(dir, f)).isFile())
    .sort();
  return sha(...files.flatMap((f) => [f, readFileSync(join(dir, f))]));
}

/**
 * Builds `target` once for all files of all concurrent runs: the first to take its lock (a
 * directory, so across processes) builds, the others wait for it.
 */
function once(target: string, build: (target: string) => Promise<void>): Promise<string> {
  let pending = building.get(target);
  if (!pending) {
    pending = (async () => {
      mkdirSync(TEMPLATES, { recursive: true });
      const lock = `${target}.lock`;
      while (!existsSync(join(target, ".installed"))) {
        try {
          mkdirSync(lock);
        } catch {
          // A lock left by a killed run is taken over after ten minutes.
          if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        try {
          if (!existsSync(join(target, ".installed"))) {
            pruneTemplates();
            await build(target);
          }
        } finally {
          rmSync(lock, { recursive: true, force: true });
        }
      }
      // Used now: pruning keeps it another day.
      const now = new Date();
      utimesSync(target, now, now);
      return target;
    })();
    building.set(target, pending);
  }
  return pending;
}

/** Moves a finished scratch directory into place. */
function publish(scratch: string, target: string): void {
  writeFileSync(join(scratch, ".installed"), new Date().toISOString());
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
}

/**
 * `examples/<name>` with the tarball (and any dependency overrides) installed and the program
 * type-checked. Built when its content key is new; concurrent files wait for the same build (in
 * this worker through the map, across workers and runs through an atomic rename of the finished
 * directory).
 */
async function installedTemplate(example: string, tarball: string, dependencies: Record<string, string>): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, "examples", example, "package.json"), "utf8"));
  const deps = { dependencies: { ...pkg.dependencies, ...dependencies }, devDependencies: pkg.devDependencies ?? {} };
  const key = sha(exampleHash(example), tarballHash(tarball), JSON.stringify(deps));
  return once(join(TEMPLATES, `${example}-${key}`), async (target) => {
    const installed = await installedDependencies(tarball, deps);
    const scratch = mkdtempSync(join(TEMPLATES, `.build-${example}-`));
    cpSync(join(ROOT, "examples", example), scratch, { recursive: true, filter: (src) => !src.includes("node_modules") });
    pkg.dependencies = { ...deps.dependencies, "pulumi-dbaas": `file:${join(installed, "pulumi-dbaas.tgz")}` };
    writeFileSync(join(scratch, "package.json"), JSON.stringify(pkg, null, 2));
    const lock = JSON.parse(readFileSync(join(installed, "package-lock.json"), "utf8"));
    lock.name = lock.packages[""].name = pkg.name;
    writeFileSync(join(scratch, "package-lock.json"), JSON.stringify(lock, null, 2));
    linkTree(join(installed, "node_modules"), join(scratch, "node_modules"));
    // What the SDK's ts-node would have checked on every call, checked once: the example compiles
    // against the package's published declarations.
    const tsc = await run(process.execPath, [join(scratch, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", scratch], {
      cwd: scratch,
      env: process.env,
    });
    if (tsc.code !== 0) throw new Error(`examples/${example} does not type-check against the packed package:\n${tsc.stdout}${tsc.stderr}`);
    publish(scratch, target);
  });
}

/**
 * One `npm install` of a dependency set with the tarball, shared by every example that declares
 * the same set (today all of them): the examples differ only in their program files.
 */
function installedDependencies(tarball: string, deps: { dependencies: Record<string, string>; devDependencies: Record<string, string> }) {
  const key = sha(tarballHash(tarball), JSON.stringify(deps));
  return once(join(TEMPLATES, `deps-${key}`), async (target) => {
    const scratch = mkdtempSync(join(TEMPLATES, ".build-deps-"));
    // The installed package is a file: dependency on the template's own copy of the tarball (the
    // run's pack directory is pruned, the template is not), at the path it keeps once in place.
    cpSync(tarball, join(scratch, "pulumi-dbaas.tgz"));
    mkdirSync(target, { recursive: true });
    cpSync(tarball, join(target, "pulumi-dbaas.tgz"));
    const pkg = {
      name: "example",
      private: true,
      dependencies: { ...deps.dependencies, "pulumi-dbaas": `file:${join(target, "pulumi-dbaas.tgz")}` },
      devDependencies: deps.devDependencies,
    };
    writeFileSync(join(scratch, "package.json"), JSON.stringify(pkg, null, 2));
    const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
      cwd: scratch,
      env: process.env,
    });
    if (install.code !== 0) throw new Error(`npm install of the examples' dependencies failed:\n${install.stderr}`);
    publish(scratch, target);
  });
}

/** Hard links of a tree that nothing writes to (a copy where links are refused). */
function linkTree(from: string, to: string): void {
  const linked = spawnSync("cp", ["-al", from, to]);
  if (linked.status !== 0) cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

/** A project's own copy: program files copied, node_modules hard-linked (nothing writes there). */
function copyProject(template: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(template)) {
    if (entry === ".installed") continue;
    if (entry === "node_modules") {
      linkTree(join(template, entry), join(dir, entry));
    } else {
      cpSync(join(template, entry), join(dir, entry), { recursive: true });
    }
  }
}

/** Templates no run has used for a day. */
function pruneTemplates(): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const entry of readdirSync(TEMPLATES)) {
    const path = join(TEMPLATES, entry);
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}
