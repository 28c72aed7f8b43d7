// P4: the requests one in-place change makes, through the real CLI, against a minimum computed
// without looking at the waiter.
//
// A project installed from the `npm pack` tarball runs `pulumi up` on the simulator (time mode,
// every step STEP_MS long): it creates an scp.Cluster and a selectel.Cluster (each on its own
// stack and its own simulator, side by side), then changes them in place one property at a time
// (`pulumi up --skip-preview`: the engine's check and diff, then the update). Every request the
// simulator receives during that `up` is counted from its request log, token and catalogue
// requests included. Waits run on the default schedule (DBAAS_WAIT_LEARN=0: no learned durations).
//
// The minimum, per change:
//   1 read of the object before the mutation (its state must allow the change)
// + the mutation(s)
// + per mutation, the polls a FIXED schedule would make to notice the end with the lag measured
//   here: a fixed interval I has a mean lag of I/2, so the same lag ℓ means I = 2ℓ, and from the
//   mutation to the end (the operation's duration D, from the simulator's clock: GET
//   /_sim/completions) it reads ceil(D / I) times, the last read seeing the end. I is at least 1 s
//   (no one polls a cloud API faster; a lucky sub-second lag would otherwise demand a poll a few ms);
// + 1 read-back of the object;
// + the token requests the cloud needs: Selectel 1 (Keystone, once per provider process: every
//   `pulumi up` starts one), SCP 0 (each request is signed). No catalogue request is necessary: the
//   API validates the change itself.
// The polls term uses the lag the waiter achieved, not its poll count: the gap is what this
// schedule spends beyond a fixed schedule of equal lag, plus anything else the update sends.
const { makeProject, simulator } = require("./_cli");

const STEP_MS = Number(process.env.BENCH_P4_STEP_MS ?? 20_000);
const MIN_INTERVAL_MS = 1_000;
const WAIT_ENV = { DBAAS_WAIT_LEARN: "0" };

const ms = (iso) => Date.parse(iso);
const shape = (r) =>
  `${r.method} ${r.path
    .replace(/^\/scp\/(?:[a-z]{2}-[a-z]+\d+\/)?[a-z-]+/, "")
    .replace(/^(\/selectel\/dbaas)?\/[a-z]{2}-\d+\/v1/, "")
    .replace(/\/[0-9a-f]{32}(?=\/|$)/g, "/{id}")
    .replace(/\/[0-9a-f-]{36}(?=\/|$)/g, "/{id}")
    .replace(/\/req-[0-9a-f-]+$/, "/{id}")}`;
const isToken = (r) => /\/auth\/tokens|\/identity\//.test(r.path);
/** A read of the changed object or of the request that tracks its operation (everything else a GET reads is a catalogue or a list). */
const isObjectRead = (r) => r.method === "GET" && /^GET \/(v1\/clusters|v1\/requests|datastores)\/\{id\}$/.test(shape(r));

/** Counts one `pulumi up` of a change: everything the simulator logged after `cursor`. */
function count(cloud, what, requests, completions, cursor) {
  const log = requests.filter((r) => r.seq > cursor);
  const mutations = log.filter((r) => r.method !== "GET" && !isToken(r));
  let minimumPolls = 0;
  const ops = [];
  for (const m of mutations) {
    const done = completions.find((c) => ms(c.at) >= ms(m.time));
    if (!done) continue; // a synchronous call: nothing to wait for
    const seen = log.find((r) => isObjectRead(r) && ms(r.time) >= ms(done.at));
    if (!seen) throw new Error(`${cloud} ${what}: no read after the operation ended`);
    const D = ms(done.at) - ms(m.time);
    const lag = ms(seen.time) - ms(done.at);
    const I = Math.max(2 * lag, MIN_INTERVAL_MS);
    minimumPolls += Math.ceil(D / I);
    ops.push({ D, lag, I, polls: log.filter((r) => isObjectRead(r) && r.seq > m.seq && r.seq <= seen.seq).length });
  }
  const tokens = log.filter(isToken).length;
  const necessaryTokens = cloud === "Selectel" ? 1 : 0;
  const catalogue = log.filter((r) => r.method === "GET" && !isToken(r) && !isObjectRead(r)).length;
  const minimum = 1 + mutations.length + minimumPolls + 1 + necessaryTokens;
  return {
    cloud,
    what,
    log,
    mutations: mutations.length,
    tokens,
    necessaryTokens,
    catalogue,
    reads: log.filter(isObjectRead).length,
    ops,
    minimumPolls,
    minimum,
  };
}

/** One cloud's stack on its own simulator: create, then each change in turn, counted. */
async function stack(project, log, cloud, kind, base, changes) {
  const sim = await simulator(STEP_MS);
  try {
    const name = await project.newStack();
    const env = { ...sim.env, ...WAIT_ENV, BENCH_KIND: kind, BENCH_PREFIX: "benchreq", BENCH_COUNT: "1", ...base };
    log(`${cloud}: create`);
    await project.pulumi(["up", "--yes", "--skip-preview", "--stack", name], env);
    const rows = [];
    let current = env;
    for (const [what, patch] of changes) {
      const cursor = Math.max(0, ...(await sim.requests()).map((r) => r.seq));
      current = { ...current, ...patch };
      const out = await project.pulumi(["up", "--yes", "--skip-preview", "--stack", name], current);
      if (!/1 updated|updated/.test(out.stdout)) throw new Error(`${cloud} ${what}: no update\n${out.stdout.slice(-2000)}`);
      const row = count(cloud, what, await sim.requests(), await sim.completions(), cursor);
      log(`${cloud} ${what}: ${row.log.map(shape).join(", ")}`);
      rows.push(row);
    }
    await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", name], current);
    return rows;
  } finally {
    await sim.close();
  }
}

module.exports = {
  id: "P4",
  title: "Requests per in-place change, through the CLI, against an independent minimum",
  async run({ log }) {
    const project = await makeProject(log);
    try {
      const [scp, selectel] = await Promise.all([
        stack(project, log, "SCP", "cluster", {}, [
          ["allowedIps", { BENCH_ALLOWED_IPS: "10.0.0.0/24,10.1.0.0/24" }],
          ["serverType", { BENCH_SERVER_TYPE: "db1v4m8" }],
        ]),
        stack(project, log, "Selectel", "selectel", {}, [["config", { BENCH_SELECTEL_CONFIG: '{"work_mem":"256"}' }]]),
      ]);
      const rows = [...scp, ...selectel];
      const s = (x) => (x / 1000).toFixed(1);
      return {
        markdown: [
          `\`pulumi up --skip-preview\` of one in-place change, run by the real CLI on a project installed from the \`npm pack\` tarball, against the simulator (every operation step ${STEP_MS / 1000} s); every request the simulator logged during that \`up\` is counted (token and catalogue requests included). Default wait schedule, no learned durations. Minimum = 1 read before + the mutation + the polls of a fixed schedule with the same lag (interval I = 2 × the measured lag, at least 1 s: ceil(D / I) reads over the operation's duration D, taken from the simulator's clock) + 1 read-back + the necessary token requests (Selectel 1 per provider process, SCP 0: signed requests); no catalogue request is necessary. Lag = from the end of the operation (simulator's clock) to the read that saw it.`,
          "",
          "| cloud | change | total | minimum | total ÷ minimum | operation D (s) | lag (s) | fixed I (s) | object reads (polls after the mutation) | mutations | token (necessary) | catalogue / list GETs | sequence |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
          ...rows.map(
            (r) =>
              `| ${r.cloud} | ${r.what} | ${r.log.length} | ${r.minimum} | ${(r.log.length / r.minimum).toFixed(2)} | ${r.ops.map((o) => s(o.D)).join(" + ")} | ${r.ops.map((o) => s(o.lag)).join(" + ")} | ${r.ops.map((o) => s(o.I)).join(" + ")} | ${r.reads} (${r.ops.map((o) => o.polls).join(" + ")}) | ${r.mutations} | ${r.tokens} (${r.necessaryTokens}) | ${r.catalogue} | ${compress(r.log.map(shape))} |`,
          ),
        ].join("\n"),
      };
    } finally {
      project.remove();
    }
  },
};

/** "GET /a, GET /a, PUT /b" → "GET /a ×2, PUT /b" */
function compress(calls) {
  const out = [];
  for (const c of calls) {
    const last = out[out.length - 1];
    if (last && last.c === c) last.n++;
    else out.push({ c, n: 1 });
  }
  return out.map(({ c, n }) => `\`${c}\`${n > 1 ? ` ×${n}` : ""}`).join(", ");
}
