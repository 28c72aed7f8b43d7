// T1: what one `pulumi` CLI call of the end-to-end tests costs in CPU, where that CPU goes (the Go
// CLI, the Node program, the dynamic-provider process), and the least CPU the suite's calls need:
// the floor under `npm test` on this machine. The project is examples/scp-postgresql installed from
// the tarball and run the way test/support/pulumi.ts runs it (TypeScript, transpile-only, Node's
// compile cache). Each kind of call runs RUNS times, interleaved, against a stack with one cluster
// and no changes; CPU is user + system time of the command and every process it waited for.
// With BENCH_E2E_TRACE=<file> (a suite run with DBAAS_E2E_TRACE=<file>), the calls the suite made
// are counted and multiplied by these medians.
const { execFile } = require("node:child_process");
const { promisify } = require("node:util");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { simulator, median, ROOT } = require("./_cli");

const RUNS = 7;
const CALLS = {
  preview: ["preview"],
  "up (no change)": ["up", "--yes", "--skip-preview"],
  "refresh --preview-only": ["refresh", "--preview-only"],
  "config set": ["config", "set", "bench", "x"],
  "stack output": ["stack", "output", "--json"],
};
/** How a traced command maps to the kinds measured here: destroy, like refresh, runs no program. */
const kindOf = (cmd) =>
  /^pulumi (preview)/.test(cmd)
    ? "preview"
    : /^pulumi up/.test(cmd)
      ? "up (no change)"
      : /^pulumi (refresh|destroy)/.test(cmd)
        ? "refresh --preview-only"
        : /^pulumi (config|stack init|stack rm)/.test(cmd)
          ? "config set"
          : /^pulumi stack/.test(cmd)
            ? "stack output"
            : undefined;

const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

// Asynchronous: the simulator answers from this process.
const exec = promisify(execFile);

/** Runs a command under /usr/bin/time; node processes it starts log their own CPU through a shim. */
async function cpuOf(args, env, dir, shimLog) {
  const out = path.join(os.tmpdir(), `t1-time-${process.pid}`);
  fs.rmSync(shimLog, { force: true });
  await exec("/usr/bin/time", ["-o", out, "-f", "%U %S", "pulumi", ...args, "--non-interactive"], { cwd: dir, env });
  const [user, sys] = fs.readFileSync(out, "utf8").trim().split("\n").pop().split(" ").map(Number);
  const parts = { program: 0, provider: 0 };
  for (const line of fs.existsSync(shimLog) ? fs.readFileSync(shimLog, "utf8").trim().split("\n") : []) {
    const [u, s, ...cmd] = line.split(" ");
    const which = cmd.join(" ").includes("cmd/run") ? "program" : cmd.join(" ").includes("dynamic-provider") ? "provider" : undefined;
    if (which) parts[which] += Number(u) + Number(s);
  }
  const total = user + sys;
  return { total, program: parts.program, provider: parts.provider, cli: total - parts.program - parts.provider };
}

module.exports = {
  id: "T1",
  title: "The cost of one CLI call of the test suite, and the suite's floor",
  async run({ log }) {
    const sim = await simulator(200);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "dbaas-t1-"));
    try {
      const dir = path.join(home, "program");
      fs.cpSync(path.join(ROOT, "examples", "scp-postgresql"), dir, { recursive: true, filter: (s) => !s.includes("node_modules") });
      log("packing and installing");
      const packed = (await exec("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", home], { cwd: ROOT })).stdout;
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      pkg.dependencies["pulumi-dbaas"] = `file:${path.join(home, packed.trim().split("\n").pop())}`;
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
      await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir });
      // A `node` first on PATH that records each Node process's CPU (program, provider) and runs the real one.
      const shim = path.join(home, "shim");
      const shimLog = path.join(home, "node-cpu.log");
      fs.mkdirSync(shim);
      fs.writeFileSync(
        path.join(shim, "node"),
        `#!/bin/sh\nexec /usr/bin/time -a -o ${shimLog} -f "%U %S $(echo "$*" | cut -c1-120)" ${process.execPath} "$@"\n`,
        { mode: 0o755 },
      );
      fs.mkdirSync(path.join(home, "backend"));
      // As test/support/pulumi.ts runs the CLI.
      const env = {
        ...process.env,
        PATH: `${shim}:${process.env.PATH}`,
        PULUMI_BACKEND_URL: `file://${path.join(home, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_HOME: path.join(home, "pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        NODE_COMPILE_CACHE: path.join(home, "node-cache"),
      };
      const pulumi = async (args) => {
        try {
          await exec("pulumi", [...args, "--non-interactive"], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
        } catch (err) {
          throw new Error(`pulumi ${args.join(" ")} failed:\n${err.stdout}\n${err.stderr}`, { cause: err });
        }
      };
      await pulumi(["stack", "init", "t1"]);
      await pulumi(["config", "set", "scp:endpoint", sim.env.SCP_ENDPOINT]);
      await pulumi([
        "config",
        "set-all",
        "--secret",
        `scp:accessKey=${sim.env.SCP_ACCESS_KEY}`,
        "--secret",
        `scp:secretKey=${sim.env.SCP_SECRET_KEY}`,
      ]);
      await pulumi(["config", "set", "--secret", "databasePassword", "Bench-passw0rd"]);
      log("up");
      await pulumi(["up", "--yes", "--skip-preview"]);
      const seen = Object.fromEntries(Object.keys(CALLS).map((k) => [k, []]));
      for (let i = 0; i < RUNS; i++) {
        for (const [kind, args] of Object.entries(CALLS)) seen[kind].push(await cpuOf(args, env, dir, shimLog));
        log(
          `round ${i + 1}/${RUNS}: ${Object.entries(seen)
            .map(([k, xs]) => `${k} ${xs[i].total.toFixed(2)} s`)
            .join(", ")}`,
        );
      }
      const med = (kind, key) => median(seen[kind].map((x) => x[key]));
      const rows = Object.keys(CALLS).map(
        (kind) =>
          `| ${kind} | ${med(kind, "total").toFixed(2)} (${spread(seen[kind].map((x) => x.total))}) | ${med(kind, "cli").toFixed(2)} | ` +
          `${med(kind, "program").toFixed(2)} | ${med(kind, "provider").toFixed(2)} |`,
      );
      const markdown = [
        `CPU seconds (user + system) of one call on a stack with one scp.Cluster and nothing to change, median of ${RUNS} ` +
          `interleaved runs (spread min–max); "CLI" is the Go CLI and language host (the total less the Node processes).`,
        "",
        "| call | CPU s (spread) | CLI | Node program | dynamic provider |",
        "|---|---:|---:|---:|---:|",
        ...rows,
      ];
      const trace = process.env.BENCH_E2E_TRACE;
      if (trace && fs.existsSync(trace)) {
        const counts = {};
        for (const line of fs.readFileSync(trace, "utf8").trim().split("\n")) {
          const kind = kindOf(JSON.parse(line).cmd);
          if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
        }
        const floor = Object.entries(counts).reduce((sum, [kind, n]) => sum + n * med(kind, "total"), 0);
        const cores = os.cpus().length;
        markdown.push(
          "",
          `The suite's CLI calls (${trace}): ${Object.entries(counts)
            .map(([k, n]) => `${n} × ${k}`)
            .join(", ")}. ` +
            `Their CPU at these medians: **${floor.toFixed(0)} s**, so at least **${(floor / cores).toFixed(0)} s** of wall time on ` +
            `${cores} cores with both always busy (calls that wait or change something cost more), against the 300 s target of ` +
            `the whole \`npm test\`: ${(floor / cores / 300).toFixed(2)}×.`,
        );
      }
      return { markdown: markdown.join("\n") };
    } finally {
      await sim.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
};
