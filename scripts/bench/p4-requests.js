// P4: the requests one in-place change makes, per cloud, from the simulator's request log, against
// one GET before the mutation, the mutation and the polls its waits made, with no read-back beyond
// the last poll (a wait ends on a full read of the object, which is the read-back). That reference
// counts the waiter's own polls, so it shows only the requests beyond the waits: it is not a
// minimum computed independently of the waiter (see the table's note).
const { startSimulator } = require("pulumi-dbaas-sim");
const runtime = require("../../dist/runtime");
const wait = require("../../dist/core/wait");

// Counts the polls the waits make (compiled modules call `wait_1.waitFor`, so this wrapper sees
// every wait): the minimum is what the waits needed, the log shows what was sent.
let waitPolls = 0;
const waitFor = wait.waitFor;
wait.waitFor = (spec) => waitFor({ ...spec, poll: () => { waitPolls++; return spec.poll(); } });
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const shape = (r) => `${r.method} ${r.path
  .replace(/^\/scp\/(?:[a-z]{2}-[a-z]+\d+\/)?[a-z]+/, "").replace(/^(\/selectel\/dbaas)?\/[a-z]{2}-\d+\/v1/, "")
  .replace(/\/[0-9a-f]{32}(?=\/|$)/g, "/{id}").replace(/\/[0-9a-f-]{36}(?=\/|$)/g, "/{id}").replace(/\/req-[0-9a-f-]+$/, "/{id}")}`;

async function change(sim, kind, declared, patch) {
  const control = (m, p) => fetch(`${sim.url}/_sim/${p}`, { method: m }).then((r) => r.json().catch(() => undefined));
  const inputs = (await runtime.check(kind, {}, declared)).inputs;
  const created = await runtime.create(kind, inputs);
  const news = (await runtime.check(kind, inputs, { ...inputs, ...patch })).inputs;
  await control("DELETE", "requests");
  waitPolls = 0;
  await runtime.update(kind, created.id, created.outs, news);
  const polled = waitPolls;
  const calls = (await control("GET", "requests")).requests.filter((r) => !r.path.includes("/auth/tokens")).map(shape);
  const first = calls.findIndex((c) => !c.startsWith("GET "));
  const isObjectGet = (c) => /^GET \/(v1\/clusters|datastores)\/\{id\}$/.test(c);
  const before = calls.slice(0, first).length;
  const gets = calls.slice(first + 1).filter((c) => c.startsWith("GET ")).length;
  const after = calls.slice(first + 1).filter((c) => !c.startsWith("GET ")).length;
  // The settle wait before the mutation polled once (that poll is the GET before); the rest are the mutation's.
  return { calls, before, mutations: 1 + after, gets, polls: polled - 1, objectGets: calls.filter(isObjectGet).length };
}

module.exports = {
  id: "P4",
  title: "Requests per in-place change",
  async run({ log }) {
    const sim = await startSimulator({ port: 0, stepMs: 60 });
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        SCP_ENDPOINT: `${sim.url}/scp/{service}`, SCP_ACCESS_KEY: "sim-access-key", SCP_SECRET_KEY: "sim-secret-key",
        SELECTEL_USERNAME: "sim-user", SELECTEL_PASSWORD: "sim-password", SELECTEL_ACCOUNT_ID: "sim-account",
        SELECTEL_PROJECT_ID: "0123456789abcdef0123456789abcdef", SELECTEL_REGION: "ru-7",
        SELECTEL_AUTH_URL: `${sim.url}/selectel/identity/v3`, SELECTEL_DBAAS_ENDPOINT: `${sim.url}/selectel/dbaas/{region}/v1`,
        DBAAS_WAIT_MIN_INTERVAL_MS: "20", DBAAS_WAIT_MAX_INTERVAL_MS: "100", DBAAS_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "bench-p4-")),
      });
      const scpDeclared = {
        engine: "postgresql", name: "benchreq", engineVersion: "16.4", subnetId: "subnet-a", serverType: "db1v2m4", instanceNamePrefix: "benchreq",
        blockStorages: [{ roleType: "DATA", sizeGb: 104 }], allowedIps: ["10.0.0.0/24"], databaseName: "app", databaseUserName: "app", databasePassword: "Bench-passw0rd",
      };
      const cases = [
        { cloud: "SCP", what: "allowedIps", r: await change(sim, "scp:Cluster", scpDeclared, { allowedIps: ["10.0.0.0/24", "10.1.0.0/24"] }) },
        { cloud: "SCP", what: "serverType", r: await change(sim, "scp:Cluster", { ...scpDeclared, name: "benchreqb", instanceNamePrefix: "benchreqb" }, { serverType: "db1v4m8" }) },
        { cloud: "Selectel", what: "firewall", r: await change(sim, "selectel:Cluster", { engine: "postgresql", version: "16", name: "bench-req", subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f", flavor: { vcpus: 2, ram: 4096, disk: 32 } }, { firewall: ["10.0.0.5"] }) },
        { cloud: "Selectel", what: "config", r: await change(sim, "selectel:Cluster", { engine: "postgresql", version: "16", name: "bench-req-b", subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f", flavor: { vcpus: 2, ram: 4096, disk: 32 }, config: { work_mem: "128" } }, { config: { work_mem: "256" } }) },
      ];
      for (const { cloud, what, r } of cases) log(`${cloud} ${what}: ${r.calls.join(", ")}`);
      return {
        markdown: [
          "One in-place change through the provider's update (called in-process, not through the CLI), " + "counted in the simulator's request log (token requests excluded). Wait polls are counted in the " + "waiter. \"Reads beyond the waits\" = total − (1 GET + the mutation + the polls its waits made): " + "the requests the update adds to its waits. This is **not** an independent minimum: it takes the " + "waiter's polls as given, so it cannot show that the waits poll too often (P1 measures that).",
          "",
          "| cloud | change | GETs before | mutations | wait polls after | GETs after | total | reads beyond the waits | sequence |",
          "|---|---|---:|---:|---:|---:|---:|---:|---|",
          ...cases.map(({ cloud, what, r }) => `| ${cloud} | ${what} | ${r.before} | ${r.mutations} | ${r.polls} | ${r.gets} | ` + `${r.calls.length} | ${r.calls.length - (1 + r.mutations + r.polls)} | ${compress(r.calls)} |`),
        ].join("\n"),
      };
    } finally {
      process.env = saved;
      await sim.close();
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
