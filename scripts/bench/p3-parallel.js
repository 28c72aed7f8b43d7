// P3: many clusters in one `pulumi up`, with the real CLI at `--parallel 50`, against the
// simulator with an operation time T (a create takes T). Wall time against T and against one
// cluster; the requests the waits make with and without coalesced polling (core/coalesce.ts); the
// peak RSS of the dynamic provider process. Waits poll on the default schedule, unscaled (reads at
// 0, 1, 3 s, then every 5 s), with learning off so every run starts without history; the last run
// uses the CLI's default parallelism instead of --parallel 50.
const { makeProject, simulator, timed } = require("./_cli");

const T_MS = 20_000;
const WAIT_ENV = { DBAAS_WAIT_LEARN: "0" };

/** Requests of one `up` by what they are for. */
function classify(requests) {
  const c = { total: requests.length, objectPolls: 0, listPolls: 0, nameLookups: 0, catalogue: 0, mutations: 0 };
  for (const r of requests) {
    const p = r.path.replace(/^\/scp\/(?:[a-z]{2}-[a-z]+\d+\/)?[a-z]+/, "");
    if (r.method !== "GET") c.mutations++;
    else if (/^\/v1\/clusters\/[0-9a-f]{32}$/.test(p)) c.objectPolls++;
    else if (p === "/v1/clusters" && r.query?.name) c.nameLookups++;
    else if (p === "/v1/clusters") c.listPolls++;
    else c.catalogue++;
  }
  return c;
}

module.exports = {
  id: "P3",
  title: "Many clusters in one `up` (--parallel 50)",
  async run({ log }) {
    const sim = await simulator(T_MS);
    const project = await makeProject(log);
    try {
      const runs = [
        { count: 1, coalesce: true },
        { count: 10, coalesce: true },
        { count: 50, coalesce: true },
        { count: 50, coalesce: false },
        { count: 50, coalesce: true, defaultParallel: true },
      ];
      const results = [];
      for (const r of runs) {
        await sim.reset();
        await project.newStack();
        await sim.clearRequests();
        const env = {
          ...sim.env,
          ...WAIT_ENV,
          BENCH_KIND: "cluster",
          BENCH_COUNT: String(r.count),
          ...(r.coalesce ? {} : { DBAAS_COALESCE: "0" }),
        };
        const parallel = r.defaultParallel ? [] : ["--parallel", "50"];
        const t = await timed(() => project.pulumiWithRss(["up", "--yes", "--skip-preview", ...parallel], env));
        const requests = classify(await sim.requests());
        results.push({ ...r, ms: t.ms, rss: t.result.peakRss, requests });
        log(`${r.count} clusters, coalescing ${r.coalesce ? "on" : "off"}: ${(t.ms / 1000).toFixed(1)} s, ${JSON.stringify(requests)}`);
      }
      const single = results[0].ms;
      const waits = (x) => x.requests.objectPolls + x.requests.listPolls;
      const off = results.find((x) => x.count === 50 && !x.coalesce);
      const on = results.find((x) => x.count === 50 && x.coalesce && !x.defaultParallel);
      const row = (x) =>
        `| ${x.count} | ${x.defaultParallel ? "default" : "50"} | ${x.coalesce ? "on" : "off"} | ` +
        `${(x.ms / 1000).toFixed(1)} | ${(x.ms / T_MS).toFixed(2)} | ${(x.ms / single).toFixed(2)} | ` +
        `${x.requests.total} | ${x.requests.objectPolls} | ${x.requests.listPolls} | ${waits(x)} | ` +
        `${(x.rss / 2 ** 20).toFixed(0)} |`;
      return {
        markdown: [
          `\`pulumi up\` of N new PostgreSQL clusters against the simulator; T = ${T_MS / 1000} s (the ` +
            `simulated create time); waits on the default schedule (unscaled, no learned durations); ` +
            `\`--parallel 50\`, or the CLI's default. Wait polls: Show Cluster GETs and \`GET /v1/clusters\` ` +
            `list pages (name look-ups and catalogue calls counted in the total only). Every wait ends on ` +
            `its cluster's own read (a list only ever says "still working"), so 50 clusters cost at least 50 ` +
            `Show Cluster GETs whatever the schedule.`,
          "",
          "| clusters | parallel | coalescing | wall s | ÷ T | ÷ 1 cluster | requests | Show Cluster GETs " +
            "| list GETs | wait requests | provider peak RSS MiB |",
          "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
          ...results.map(row),
          "",
          `Coalescing cuts the wait requests of 50 parallel creates (--parallel 50, default schedule) from ` +
            `${waits(off)} to ${waits(on)}: **${(waits(off) / Math.max(1, waits(on))).toFixed(1)}×** (target ` +
            `≥ 10×).`,
        ].join("\n"),
      };
    } finally {
      await sim.close();
      project.remove();
    }
  },
};
