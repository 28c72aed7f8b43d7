// Shared by the bench parts that drive the real `pulumi` CLI (P1-CLI, P2, P3, P4): a local-backend
// project that installs pulumi-dbaas from its `npm pack` tarball (as a user gets it from the
// registry), a program of N scp.Cluster resources, one selectel.Cluster or N trivial dynamic
// resources, the simulator's request log and completion times, and the peak RSS of the dynamic
// provider process. Not a part itself (it has no `id`).
const { execFile } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");

function run(cmd, args, opts) {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env, maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 900_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

async function ok(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r;
}

// The program: BENCH_KIND=cluster makes BENCH_COUNT PostgreSQL clusters (BENCH_SERVER_TYPE and
// BENCH_ALLOWED_IPS, comma-separated, change them in place), BENCH_KIND=selectel one Selectel
// PostgreSQL cluster (BENCH_SELECTEL_CONFIG, JSON, its config), BENCH_KIND=trivial as many dynamic
// resources whose provider does nothing. Names are letters only (SCP's rule).
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const count = Number(process.env.BENCH_COUNT ?? "1");
const kind = process.env.BENCH_KIND ?? "cluster";
const letters = (i) => { let s = ""; do { s = String.fromCharCode(97 + (i % 26)) + s; i = Math.floor(i / 26); } while (i > 0); return s; };
const clusterArgs = (name) => ({
  engine: "postgresql", name, engineVersion: "16.4", subnetId: "subnet-a", serverType: process.env.BENCH_SERVER_TYPE ?? "db1v2m4",
  instanceNamePrefix: name.toLowerCase().slice(0, 13), blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: (process.env.BENCH_ALLOWED_IPS ?? "10.0.0.0/24").split(","), databaseName: "app", databaseUserName: "app", databasePassword: pulumi.secret("Bench-passw0rd"),
});
if (kind === "trivial") {
  const provider = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };
  for (let i = 0; i < count; i++) new pulumi.dynamic.Resource(provider, "r" + i, { name: "r" + i }, {});
} else if (kind === "trivial-props") {
  // A provider that does nothing, with a cluster's inputs and output keys: what the engine and the
  // SDK cost for that many properties, without any of our code.
  const provider = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };
  const computed = [
    "serviceState", "softwareVersion", "endpoint", "connectionString",
    "instanceGroups", "blockStorageIds", "virtualIpAddress", "isKernelPatchable",
  ];
  for (let i = 0; i < count; i++) {
    const props = clusterArgs("bench" + letters(i));
    for (const k of computed) props[k] = undefined;
    new pulumi.dynamic.Resource(provider, "r" + i, props, { additionalSecretOutputs: ["databasePassword", "connectionString"] });
  }
} else if (kind === "selectel") {
  const dbaas = require("pulumi-dbaas");
  new dbaas.selectel.Cluster("sel", {
    engine: "postgresql", version: "16", name: "bench-sel", subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
    flavor: { vcpus: 2, ram: 4096, disk: 32 }, config: JSON.parse(process.env.BENCH_SELECTEL_CONFIG ?? '{"work_mem":"128"}'),
  });
} else {
  const dbaas = require("pulumi-dbaas");
  const prefix = process.env.BENCH_PREFIX ?? "bench";
  for (let i = 0; i < count; i++) {
    new dbaas.scp.Cluster("c" + i, clusterArgs(prefix + letters(i)));
  }
}
`;

/** A project in a fresh directory with pulumi-dbaas installed from a tarball of this checkout (built already). */
async function makeProject(log) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "dbaas-bench-"));
  const dir = path.join(home, "project");
  fs.mkdirSync(dir, { recursive: true });
  log("packing pulumi-dbaas");
  // `npm run bench` has just built dist/: pack it without building again.
  const packed = await ok("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", home], { cwd: ROOT, env: process.env });
  const tarball = path.join(home, packed.stdout.trim().split("\n").pop());
  const pulumiVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "scp-postgresql", "package.json"), "utf8")).dependencies[
    "@pulumi/pulumi"
  ];
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "bench",
        private: true,
        main: "index.js",
        dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-dbaas": `file:${tarball}` },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench\nruntime: nodejs\n");
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  fs.mkdirSync(path.join(home, "backend"));
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${path.join(home, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "bench",
    PULUMI_HOME: path.join(home, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
    DBAAS_CACHE_DIR: path.join(home, "cache"),
  };
  log("installing the tarball");
  await ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, env });
  let stacks = 0;
  return {
    dir,
    env,
    /** A new empty stack; every later `pulumi` call of this project runs on it. */
    async newStack() {
      const name = `s${++stacks}`;
      await ok("pulumi", ["stack", "init", name, "--non-interactive"], { cwd: dir, env });
      return name;
    },
    /** Runs `pulumi args` (add `--stack <name>` to run stacks side by side). */
    pulumi: (args, extraEnv = {}) => ok("pulumi", [...args, "--non-interactive"], { cwd: dir, env: { ...env, ...extraEnv } }),
    /** Runs `pulumi args` and samples the peak RSS (VmHWM) of the dynamic provider process meanwhile. */
    async pulumiWithRss(args, extraEnv = {}) {
      const peaks = new Map();
      const sample = () => {
        for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
          try {
            const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
            if (!cmd.includes("dynamic-provider")) continue;
            const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
            if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1]) * 1024));
          } catch {
            // the process ended between the listing and the read
          }
        }
      };
      const timer = setInterval(sample, 200);
      try {
        const r = await this.pulumi(args, extraEnv);
        return { ...r, peakRss: Math.max(0, ...peaks.values()) };
      } finally {
        clearInterval(timer);
      }
    },
    remove: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/** The simulator (the workspace package pulumi-dbaas-sim, built), with its request log. */
async function simulator(stepMs) {
  const { startSimulator } = require("pulumi-dbaas-sim");
  const sim = await startSimulator({ port: 0, stepMs });
  const control = async (method, p) => {
    const res = await fetch(`${sim.url}/_sim/${p}`, { method });
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url: sim.url,
    /** Environment for the provider: the SCP and Selectel services of this simulator, their credentials. */
    env: {
      SCP_ENDPOINT: `${sim.url}/scp/{service}`,
      SCP_ACCESS_KEY: "sim-access-key",
      SCP_SECRET_KEY: "sim-secret-key",
      SELECTEL_USERNAME: "sim-user",
      SELECTEL_PASSWORD: "sim-password",
      SELECTEL_ACCOUNT_ID: "sim-account",
      SELECTEL_PROJECT_ID: "0123456789abcdef0123456789abcdef",
      SELECTEL_REGION: "ru-7",
      SELECTEL_AUTH_URL: `${sim.url}/selectel/identity/v3`,
      SELECTEL_DBAAS_ENDPOINT: `${sim.url}/selectel/dbaas/{region}/v1`,
    },
    requests: async () => (await control("GET", "requests")).requests,
    /** Operations completed so far with the time each became due (`at`, ISO 8601), from the simulator's clock. */
    completions: async () => (await control("GET", "completions")).completions,
    clearRequests: () => control("DELETE", "requests"),
    reset: () => control("POST", "reset"),
    close: () => sim.close(),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn) {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

module.exports = { makeProject, simulator, median, timed, ROOT };
