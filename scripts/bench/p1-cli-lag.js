// P1-CLI: completion lag in real time through the real CLI. One stack per operation length, all
// side by side, each on its own simulator whose step is that length (an SCP cluster create is one
// step: simulator/src/scp/kit/model.ts), so `pulumi up` of one scp.Cluster waits that long. Default
// schedule, no learned durations (DBAAS_WAIT_LEARN=0; every stack is new).
//
// Lag = from the moment the create completed (the simulator's clock: GET /_sim/completions, the
// time its step became due) to the first read the provider sent after it (request log), i.e. the
// poll that saw the cluster RUNNING. Polls = the GETs from the create's POST to that read
// (inclusive); minutes waited = from the POST to that read.
//
// Lengths: BENCH_P1_CLI_LENGTHS (seconds, comma-separated) if set; else BENCH_P1_CLI=quick (three
// lengths under a minute, for development) or the issue's range: 12 lengths log-spaced from 20 s
// to 10 min. Each length gets a phase offset, evenly spread over 0–5 s (the steady interval), so
// the runs meet the schedule at different points. The full sweep took 13 minutes (776 s) on the shared development machine.
const { makeProject, simulator } = require("./_cli");

function lengths() {
  const spread = (base) => base.map((s, i) => s * 1000 + ((i + 0.5) / base.length) * 5_000);
  if (process.env.BENCH_P1_CLI_LENGTHS) return spread(process.env.BENCH_P1_CLI_LENGTHS.split(",").map(Number));
  if (process.env.BENCH_P1_CLI === "quick") return spread([20, 30, 45]);
  return spread(Array.from({ length: 12 }, (_, i) => Math.round(20 * Math.pow(600 / 20, i / 11))));
}

const RANGES = [
  { name: "20 s – 2 min", from: 0, to: 125_000 },
  { name: "2 – 10 min", from: 125_000, to: 605_000 },
  { name: "20 s – 10 min", from: 0, to: 605_000 },
];
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};
const ms = (iso) => Date.parse(iso);

async function one(project, name, L, index) {
  const sim = await simulator(Math.round(L));
  try {
    await project.pulumi(["up", "--yes", "--skip-preview", "--stack", name], {
      ...sim.env,
      DBAAS_WAIT_LEARN: "0",
      BENCH_KIND: "cluster",
      BENCH_COUNT: "1",
      BENCH_PREFIX: `lag${"abcdefghijklmnop"[index % 16]}`,
    });
    const log = await sim.requests();
    const done = (await sim.completions()).find((c) => c.label.includes("create:"));
    const post = log.find((r) => r.method === "POST" && /\/v1\/clusters$/.test(r.path));
    if (!done || !post) throw new Error(`length ${L} ms: no create completed`);
    const seen = log.find((r) => r.method === "GET" && ms(r.time) >= ms(done.at));
    const polls = log.filter((r) => r.method === "GET" && r.seq > post.seq && r.seq <= seen.seq).length;
    return { L, lagMs: ms(seen.time) - ms(done.at), polls, waitedMs: ms(seen.time) - ms(post.time) };
  } finally {
    await sim.close();
  }
}

module.exports = {
  id: "P1-CLI",
  title: "Completion lag in real time through the real CLI (default schedule, stacks side by side)",
  async run({ log }) {
    const Ls = lengths();
    const project = await makeProject(log);
    try {
      log(`${Ls.length} stacks side by side: ${Ls.map((L) => (L / 1000).toFixed(1)).join(", ")} s`);
      // Stacks are made one after the other (the CLI writes the project's settings), then run together.
      const names = [];
      for (const _ of Ls) names.push(await project.newStack());
      const runs = await Promise.all(Ls.map((L, i) => one(project, names[i], L, i)));
      for (const r of runs)
        log(
          `${(r.L / 1000).toFixed(1)} s: lag ${(r.lagMs / 1000).toFixed(2)} s, ${r.polls} polls over ${(r.waitedMs / 1000).toFixed(1)} s`,
        );
      const rows = RANGES.map((range) => ({ range, runs: runs.filter((r) => r.L > range.from && r.L <= range.to) }))
        .filter((x) => x.runs.length > 0)
        .map(({ range, runs: rs }) => {
          const lags = rs.map((r) => r.lagMs / 1000);
          const perMin = rs.reduce((n, r) => n + r.polls, 0) / (rs.reduce((n, r) => n + r.waitedMs, 0) / 60_000);
          return `| ${range.name} | ${rs.length} | ${quantile(lags, 0.5).toFixed(2)} | ${quantile(lags, 0.95).toFixed(2)} | ${perMin.toFixed(2)} |`;
        });
      const full = !process.env.BENCH_P1_CLI_LENGTHS && process.env.BENCH_P1_CLI !== "quick";
      return {
        markdown: [
          `${Ls.length} stacks side by side${full ? "" : ` (**${process.env.BENCH_P1_CLI_LENGTHS ? "BENCH_P1_CLI_LENGTHS" : "quick mode"}**, not the issue's range)`}, one scp.Cluster each, \`pulumi up\` by the real CLI on a project installed from the \`npm pack\` tarball, each stack on its own simulator whose create takes the stack's length: ${Ls.map((L) => (L / 1000).toFixed(1)).join(", ")} s. Default schedule, no learned durations. Lag = from the create's completion (the simulator's clock, \`GET /_sim/completions\`) to the provider's first read after it (request log); polls/min = the GETs from the POST to that read ÷ the minutes between them. One run per length: each figure is a handful of samples, so the median and p95 are rough.`,
          "",
          "| range | stacks | lag median (s) | lag p95 (s) | polls/min |",
          "|---|---:|---:|---:|---:|",
          ...rows,
          "",
          "| length (s) | lag (s) | polls | waited (s) |",
          "|---:|---:|---:|---:|",
          ...runs.map(
            (r) => `| ${(r.L / 1000).toFixed(1)} | ${(r.lagMs / 1000).toFixed(2)} | ${r.polls} | ${(r.waitedMs / 1000).toFixed(1)} |`,
          ),
        ].join("\n"),
      };
    } finally {
      project.remove();
    }
  },
};
