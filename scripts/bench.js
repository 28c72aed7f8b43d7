// Benchmarks, measured side by side in one run against the simulator, printed as ratios.
//  1. Waiting: our adaptive waiter against fixed-interval polling, on operations of known length:
//     how many status polls each makes and how late each notices completion.
//  2. Selectel auth: the cached Keystone token against a fresh token per client.
// Nothing here asserts a time; the figures are for reading.
const { startSimulator } = require("../dist/simulator");
const { waitFor } = require("../dist/core/wait");
const { ScpClient } = require("../dist/scp/client");
const { SelectelClient, forgetTokens } = require("../dist/selectel/client");
const { createBody } = require("../test/support/scp-fixtures");

const RUNS = Number(process.env.BENCH_RUNS ?? 4);
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 2500);

async function main() {
  const sim = await startSimulator({ port: 0, stepMs: STEP_MS });
  process.env.SCP_ENDPOINT = `${sim.url}/scp/{service}`;
  process.env.SCP_ACCESS_KEY = "sim-access-key";
  process.env.SCP_SECRET_KEY = "sim-secret-key";
  const ctx = { config: () => undefined, log: () => {} };
  const api = ScpClient.for(ctx, "postgresql");
  try {
    await benchWaits(api);
    await benchTokens(sim, ctx);
  } finally {
    await sim.close();
  }
}

/** One resize whose completion is polled with the given tuning; returns polls and lateness. */
async function measuredResize(api, clusterId, groupId, serverType, tuning) {
  Object.assign(process.env, tuning);
  let polls = 0;
  let doneAt = 0;
  const accepted = await api.mutate("POST", `/v1/instance-groups/${groupId}/resize`, { server_type_name: serverType });
  const start = Date.now();
  await waitFor({
    resource: "bench", operation: "resize",
    poll: async () => {
      polls++;
      const c = await api.http.get(`/v1/clusters/${clusterId}`);
      if (c.service_state === "RUNNING" && !doneAt) doneAt = Date.now();
      return c;
    },
    status: (c) => c.service_state, target: ["RUNNING"], pending: ["EDITING"],
  });
  await api.waitRequest(accepted.request_id, "bench", "resize");
  return { polls, elapsed: Date.now() - start };
}

async function benchWaits(api) {
  const accepted = await api.mutate("POST", "/v1/clusters", await createBody(api, { name: "bench", prefix: "bench" }));
  const id = accepted.resource.id;
  await api.waitState(() => api.http.get(`/v1/clusters/${id}`), "bench", "create", ["RUNNING"]);
  const group = (await api.http.get(`/v1/clusters/${id}`)).instance_groups[0].id;
  const strategies = {
    "adaptive (ours: 2 s → ×1.5 → 30 s)": { DBAAS_WAIT_MIN_INTERVAL_MS: "2000", DBAAS_WAIT_MAX_INTERVAL_MS: "30000" },
    "fixed 10 s (Terraform-style)": { DBAAS_WAIT_MIN_INTERVAL_MS: "10000", DBAAS_WAIT_MAX_INTERVAL_MS: "10000" },
    "fixed 500 ms (eager)": { DBAAS_WAIT_MIN_INTERVAL_MS: "500", DBAAS_WAIT_MAX_INTERVAL_MS: "500" },
  };
  // Scale: the simulator's operations take STEP_MS; real ones take minutes. The tunings above are
  // divided by the same factor so the comparison keeps its shape.
  const scale = 120_000 / STEP_MS;
  const results = {};
  const types = ["db1v2m8", "db1v4m8", "db1v4m16", "db1v8m16", "db1v8m32", "db1v16m64", "db1v2m4"];
  let t = 0;
  for (let run = 0; run < RUNS; run++) {
    for (const [name, tuning] of Object.entries(strategies)) {
      const scaled = Object.fromEntries(Object.entries(tuning).map(([k, v]) => [k, String(Math.max(1, Math.round(Number(v) / scale)))]));
      const r = await measuredResize(api, id, group, types[t++ % types.length], scaled);
      (results[name] ??= []).push(r);
    }
  }
  const base = summarise(results[Object.keys(strategies)[0]]);
  console.log(`\nWaiting for a resize (operation ≈ ${STEP_MS} ms in the simulator, intervals scaled ×1/${scale.toFixed(0)}; ${RUNS} runs each)`);
  console.log(pad("strategy", 38) + pad("polls", 8) + pad("ms waited", 14) + pad("polls ratio", 13) + "time ratio");
  for (const [name, runs] of Object.entries(results)) {
    const s = summarise(runs);
    console.log(pad(name, 38) + pad(s.polls.toFixed(1), 8) + pad(s.elapsed.toFixed(0), 14) + pad((s.polls / base.polls).toFixed(2), 13) + (s.elapsed / base.elapsed).toFixed(2));
  }
  await api.mutate("DELETE", `/v1/clusters/${id}`);
}

async function benchTokens(sim, ctx) {
  process.env.SELECTEL_USERNAME = "sim-user";
  process.env.SELECTEL_PASSWORD = "sim-password";
  process.env.SELECTEL_ACCOUNT_ID = "sim-account";
  process.env.SELECTEL_PROJECT_ID = "0123456789abcdef0123456789abcdef";
  process.env.SELECTEL_AUTH_URL = `${sim.url}/selectel/identity/v3`;
  process.env.SELECTEL_DBAAS_ENDPOINT = `${sim.url}/selectel/dbaas/{region}/v1`;
  const N = 200;
  const time = async (fresh) => {
    forgetTokens();
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      if (fresh) forgetTokens();
      const api = await SelectelClient.for(ctx);
      await api.http.get("/datastore-types");
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  await time(false); // warm-up
  const cached = await time(false);
  const fresh = await time(true);
  console.log(`\nSelectel: ${N} API calls, each through SelectelClient.for()`);
  console.log(pad("token", 38) + pad("ms", 10) + "ratio");
  console.log(pad("cached until near expiry (ours)", 38) + pad(cached.toFixed(0), 10) + "1.00");
  console.log(pad("fresh token per client", 38) + pad(fresh.toFixed(0), 10) + (fresh / cached).toFixed(2));
}

function summarise(runs) {
  return {
    polls: runs.reduce((a, r) => a + r.polls, 0) / runs.length,
    elapsed: runs.reduce((a, r) => a + r.elapsed, 0) / runs.length,
  };
}
const pad = (s, n) => String(s).padEnd(n);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
