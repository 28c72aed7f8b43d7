// P2: what our resources add to a preview, with the real CLI: `pulumi preview` of 1 and 50
// scp.Cluster resources against the same count of trivial dynamic resources (a provider that does
// nothing) on a new stack: the median of RUNS interleaved runs (one of each kind in turn, so a
// slow moment of a shared machine hits all kinds alike) with the spread of the per-run ratios; and
// the size of the serialized provider each resource stores in its state.
const { makeProject, simulator, median, timed } = require("./_cli");

const COUNTS = [1, 50];
const RUNS = 7;
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

module.exports = {
  id: "P2",
  title: "Preview cost and serialized provider size",
  async run({ log }) {
    const sim = await simulator(1000);
    const project = await makeProject(log);
    try {
      await project.newStack();
      const env = sim.env;
      const rows = [];
      // One preview first, so the CLI's and npm's caches are warm for every measured one.
      await project.pulumi(["preview"], { ...env, BENCH_KIND: "trivial", BENCH_COUNT: "1" });
      for (const count of COUNTS) {
        const times = { cluster: [], trivial: [], "trivial-props": [] };
        for (let i = 0; i < RUNS; i++) {
          for (const kind of ["trivial", "trivial-props", "cluster"]) {
            const t = await timed(() => project.pulumi(["preview"], { ...env, BENCH_KIND: kind, BENCH_COUNT: String(count) }));
            times[kind].push(t.ms);
          }
        }
        const [c, t, tp] = [median(times.cluster), median(times.trivial), median(times["trivial-props"])];
        // Each run's own ratio (same moment of the machine), then their median and spread.
        const ratios = times.cluster.map((x, i) => x / times.trivial[i]);
        const ratiosProps = times.cluster.map((x, i) => x / times["trivial-props"][i]);
        log(
          `${count}: clusters ${times.cluster.map((x) => x.toFixed(0)).join(" ")} ms; trivial ` +
            `${times.trivial.map((x) => x.toFixed(0)).join(" ")} ms; trivial with a cluster's properties ` +
            `${times["trivial-props"].map((x) => x.toFixed(0)).join(" ")} ms`,
        );
        rows.push(
          `| ${count} | ${(t / 1000).toFixed(2)} | ${(tp / 1000).toFixed(2)} | ${(c / 1000).toFixed(2)} | ` +
            `${median(ratios).toFixed(2)}× (${spread(ratios)}) | ${median(ratiosProps).toFixed(2)}× ` +
            `(${spread(ratiosProps)}) | ${count === 1 ? "—" : "≤ 1.15×"} |`,
        );
      }
      // The provider as the state stores it: one cluster, `up`, then the state's __provider.
      await project.pulumi(["up", "--yes", "--skip-preview"], { ...env, BENCH_KIND: "cluster", BENCH_COUNT: "1" });
      const state = JSON.parse((await project.pulumi(["stack", "export"], env)).stdout);
      const res = state.deployment.resources.find((r) => String(r.type).startsWith("pulumi-nodejs:dynamic"));
      const provider = res.inputs.__provider;
      const copies = ["inputs", "outputs"].filter((k) => res[k]?.__provider !== undefined).length;
      return {
        markdown: [
          `\`pulumi preview\` of a new stack (every resource a create), wall time in seconds, median of ` +
            `${RUNS} interleaved runs (one of each kind in turn); the CLI, the Node language host and the ` +
            `dynamic provider process included. Ratios: the median of the ${RUNS} per-run ratios, with their ` +
            `spread (min–max). "Trivial with a cluster's properties": a provider that does nothing, given a ` +
            `cluster's inputs, output keys and secret outputs (the engine's and the SDK's own cost of those ` +
            `properties).`,
          "",
          "| resources | trivial dynamic | trivial with a cluster's properties | scp.Cluster | ÷ trivial " +
            "(spread) | ÷ trivial with the properties (spread) | target (÷ trivial) |",
          "|---:|---:|---:|---:|---:|---:|---:|",
          ...rows,
          "",
          `Serialized provider: **${Buffer.byteLength(provider)} bytes** (target < 1 KB), ` +
            `stored ${copies}× per resource (inputs and outputs): ` +
            `\`${provider.replace(/\s+/g, " ").slice(0, 160).replace(/`/g, "'")}…\``,
        ].join("\n"),
      };
    } finally {
      await sim.close();
      project.remove();
    }
  },
};
