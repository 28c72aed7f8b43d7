// Drives the real `pulumi` CLI (local file backend) on a copy of an example program that installs
// pulumi-dbaas from its packed tarball.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(__dirname, "../..");

export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((res) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as any).code === "number" ? (err as any).code : 1) : 0;
        res({ code, stdout: String(stdout), stderr: String(stderr) });
      });
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

  private constructor(readonly dir: string, readonly home: string, readonly stack: string, extraEnv: NodeJS.ProcessEnv) {
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${join(home, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_HOME: join(home, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
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
   * may be overridden, say an older SDK) and installs it.
   */
  static async create(
    example: string, tarball: string,
    opts: { env?: NodeJS.ProcessEnv; stack?: string; dependencies?: Record<string, string> } = {},
  ): Promise<PulumiProject> {
    const home = mkdtempSync(join(tmpdir(), `dbaas-e2e-${example}-`));
    const dir = join(home, example);
    cpSync(join(ROOT, "examples", example), dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
    const pkgPath = join(dir, "package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
    pkg.dependencies = { ...pkg.dependencies, ...opts.dependencies, "pulumi-dbaas": `file:${tarball}` };
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
    mkdirSync(join(home, "backend"), { recursive: true });
    const project = new PulumiProject(dir, home, opts.stack ?? "dev", opts.env ?? {});
    const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, env: project.env });
    if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
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

  /** Structured config (lists, objects, numbers): written as JSON, which is valid YAML, into the stack file. */
  async configJson(key: string, value: unknown) {
    await this.pulumi(["config", "rm", key]);
    const file = join(this.dir, `Pulumi.${this.stack}.yaml`);
    const project = (readFileSync(join(this.dir, "Pulumi.yaml"), "utf8").match(/^name:\s*(\S+)/m) ?? [])[1];
    const text = readFileSync(file, "utf8").replace(/\n*$/, "\n");
    writeFileSync(file, `${text}  ${key.includes(":") ? key : `${project}:${key}`}: ${JSON.stringify(value)}\n`);
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
