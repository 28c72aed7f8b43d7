// `pulumi up -v=9 --logtostderr` prints the SDK's RPC log, plaintext inputs and outputs included
// (README "Where credentials end up"). Nothing of ours may add to it: every line the provider
// itself prints (progress, warnings, log lines, errors), which the engine shows at every verbosity,
// is captured here over a whole lifecycle with progress lines forced as often as possible, and
// none may hold a password, a secret key or a connection string. The provider has no verbosity
// switch of its own, so these are all the lines it can print.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as runtime from "../../src/runtime";
import { checked } from "../support/lifecycle";
import { pointRuntimeAtSim } from "../support/scp";
import { pointRuntimeAtSelectel } from "../support/selectel";
import { SELECTEL, SIM_SECRET_KEY, startSim, type Sim } from "../support/sim";

let sim: Sim;
const PASSWORD = "Log-passw0rd!9x";
const USER_PASSWORD = "Usr-passw0rd!7q";
const PG = {
  engine: "postgresql",
  name: "logs",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "logs",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "app",
  databaseUserName: "app",
  databasePassword: PASSWORD,
};
const SUBNET = "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f";

const printed: string[] = [];
const capture = (...args: unknown[]) => {
  printed.push(
    args.map((a) => (typeof a === "string" ? a : a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(" "),
  );
};

beforeAll(async () => {
  sim = await startSim({ stepMs: 80 });
  pointRuntimeAtSim(sim, "log-secrets");
  pointRuntimeAtSelectel(sim, "log-secrets-selectel");
  process.env.DBAAS_WAIT_PROGRESS_MS = "1"; // a progress line at every poll
  for (const m of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, m).mockImplementation(capture);
  const write = (chunk: unknown) => {
    printed.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(write);
  vi.spyOn(process.stderr, "write").mockImplementation(write);
});
afterAll(async () => {
  vi.restoreAllMocks();
  delete process.env.DBAAS_WAIT_PROGRESS_MS;
  await sim?.close();
});

describe("the provider's own lines never hold a credential or a connection string", () => {
  it("over create, update, refresh, a refused update and delete of a cluster and a Selectel user", async () => {
    const secrets = new Set<string>([PASSWORD, encodeURIComponent(PASSWORD), USER_PASSWORD, SIM_SECRET_KEY, SELECTEL.password]);
    const errors: string[] = [];

    const inputs = await checked("scp:Cluster", PG);
    const created = await runtime.create("scp:Cluster", inputs);
    expect(created.outs.connectionString).toContain(encodeURIComponent(PASSWORD));
    secrets.add(created.outs.connectionString);
    const news = await checked("scp:Cluster", { ...inputs, serverType: "db1v4m8" }, inputs);
    const updated = await runtime.update("scp:Cluster", created.id, created.outs, news);
    const refreshed = await runtime.read("scp:Cluster", created.id, updated.outs);
    // An update the API refuses after the plan: its error is printed too.
    const refused = await runtime
      .update("scp:Cluster", created.id, refreshed.props, { ...news, parameters: { max_connections: "1" } })
      .catch((e) => e);
    errors.push(String(refused?.message ?? refused), ...(refused?.reasons ?? []));
    // A password change check refuses.
    const pw = await runtime.check("scp:Cluster", inputs, { ...inputs, databasePassword: "Another-passw0rd!" });
    errors.push(...pw.failures.map((f) => f.reason));

    const cluster = await runtime.create(
      "selectel:Cluster",
      await checked("selectel:Cluster", {
        engine: "postgresql",
        version: "16",
        name: "log-sel",
        subnetId: SUBNET,
        flavor: { vcpus: 2, ram: 4096, disk: 32 },
      }),
    );
    const user = await runtime.create(
      "selectel:User",
      await checked("selectel:User", { clusterId: cluster.id, name: "app", password: USER_PASSWORD }),
    );
    await runtime.remove("selectel:User", user.id, user.outs);
    await runtime.remove("selectel:Cluster", cluster.id, cluster.outs);
    await runtime.remove("scp:Cluster", created.id, refreshed.props);

    const text = [...printed, ...errors].join("\n");
    expect(printed.some((l) => /waiting for/.test(l))).toBe(true); // progress lines were printed
    for (const secret of secrets) expect(text.includes(secret), `a printed line holds ${secret.slice(0, 3)}…`).toBe(false);
  });
});
