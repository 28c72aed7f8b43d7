// Issue 15 item 6, in process against the simulator: "gone" needs the API's not-found answer AND
// its list answering without the object. With an endpoint setting pointing at a prefix that is not
// the API, yet answers every path with the API's own not-found envelope (the simulator's
// `/stray/<cloud>` mounts), no path of any kind forgets an object: refresh, `get` (a read by id
// alone), delete and adopt fail naming the setting, and nothing is deleted. A genuinely deleted
// object is still gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { ACLOUD, startSim, type Sim } from "../support/sim";
import { pointRuntimeAtSim } from "../support/scp";
import { pointRuntimeAtSelectel } from "../support/selectel";
import { checked } from "../support/lifecycle";
import { withEnv } from "../support/env";

let sim: Sim;

interface Made {
  kind: string;
  id: string;
  inputs: Record<string, any>;
  outs: Record<string, any>;
}
const made: Record<string, Made> = {};

async function make(label: string, kind: string, declared: Record<string, unknown>): Promise<Made> {
  const inputs = await checked(kind, declared);
  const { id, outs } = await runtime.create(kind, inputs);
  made[label] = { kind, id, inputs, outs: outs as Record<string, any> };
  return made[label];
}

const failure = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ resolved: v }),
    (e: Error) => e,
  );

/** Every path that could forget `m`, run against the stray endpoint: each must fail naming `setting`. */
async function everyPathRefuses(m: Made, env: Record<string, string>, setting: string) {
  await sim.clearRequests();
  const results = await withEnv(env, async () => ({
    refresh: await failure(runtime.read(m.kind, m.id, m.outs)),
    get: await failure(runtime.read(m.kind, m.id, {})),
    delete: await failure(runtime.remove(m.kind, m.id, m.outs)),
    adopt: await failure(runtime.create(m.kind, { ...m.inputs, adopt: m.id })),
  }));
  for (const [path, r] of Object.entries(results)) {
    expect(r, `${m.kind} ${path}`).toBeInstanceOf(Error);
    expect((r as Error).message, `${m.kind} ${path}`).toContain(`${setting} http://`);
    expect((r as Error).message, `${m.kind} ${path}`).toMatch(
      /answers 404 for the [a-z ]+ list \(GET \/[a-z0-9/-]+\); is the endpoint right\?/,
    );
  }
  // Nothing reached the real API, and the object is still there, as the state says.
  expect((await sim.mutations()).filter((c) => !c.includes("/auth/tokens"))).toEqual([]);
  expect((await runtime.read(m.kind, m.id, m.outs)).id).toBe(m.id);
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 40 });
  pointRuntimeAtSim(sim, "gone-confirmed");
  pointRuntimeAtSelectel(sim, "gone-confirmed");
  Object.assign(process.env, {
    ACLOUD_API_ENDPOINT: sim.acloudEndpoint,
    ACLOUD_PERSONAL_ACCESS_TOKEN: ACLOUD.token,
    ACLOUD_ORGANISATION: ACLOUD.organisation,
  });
}, 120_000);
afterAll(async () => {
  await sim?.close();
});

describe("SCP: a prefix answering every path with SCP's not-found envelope forgets nothing", () => {
  const stray = () => ({ SCP_ENDPOINT: `${sim.url}/stray/scp/{service}` });
  const CLUSTER = {
    engine: "postgresql",
    name: "strayorders",
    engineVersion: "16.4",
    subnetId: "subnet-a",
    serverType: "db1v2m4",
    instanceNamePrefix: "strayorders",
    blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
    allowedIps: ["10.0.0.0/24"],
    databaseName: "orders",
    databaseUserName: "app",
    databasePassword: "Int-passw0rd",
  };

  beforeAll(async () => {
    const c = await make("scpCluster", "scp:Cluster", CLUSTER);
    await make("scpReplica", "scp:Replica", {
      sourceClusterId: c.id,
      name: "stray-ro",
      serverType: "db1v2m4",
      blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
      allowedIps: ["10.0.0.0/24"],
    });
    await make("scpBackup", "scp:BackupPolicy", { clusterId: c.id, retentionDays: 14, startHour: 3 });
    await make("scpLogs", "scp:LogExportConfig", {
      clusterId: c.id,
      logType: "alert",
      bucketName: "db-logs",
      accessKey: "obj-access-1",
      secretKey: "obj-Secret-7f3a9c",
      schedule: { frequency: "WEEK", dayOfWeek: "SUN", hour: 2 },
    });
  }, 300_000);

  it.each(["scpCluster", "scpReplica", "scpBackup", "scpLogs"])(
    "%s: refresh, get, delete and adopt fail naming scp:endpoint; nothing is deleted",
    async (label) => {
      await everyPathRefuses(made[label], stray(), "scp:endpoint");
    },
  );

  it("a cluster really deleted is still gone: refresh drops it, and a second delete succeeds", async () => {
    const c = await make("scpGone", "scp:Cluster", { ...CLUSTER, name: "straygone", instanceNamePrefix: "straygone" });
    await runtime.remove(c.kind, c.id, c.outs);
    expect((await runtime.read(c.kind, c.id, c.outs)).id).toBe("");
    await runtime.remove(c.kind, c.id, c.outs);
  });
});

describe("Selectel: a prefix answering every path with Selectel's not-found envelope forgets nothing", () => {
  const stray = () => ({ SELECTEL_DBAAS_ENDPOINT: `${sim.url}/stray/selectel/{region}/v1` });
  const PG = {
    engine: "postgresql",
    version: "16",
    subnetId: "b8a4e8a1-5d2f-4c47-9d3e-0a1b2c3d4e5f",
    flavor: { vcpus: 2, ram: 4096, disk: 32 },
  };

  beforeAll(async () => {
    const c = await make("selCluster", "selectel:Cluster", { ...PG, name: "pg-stray" });
    const user = await make("selUser", "selectel:User", { clusterId: c.id, name: "app", password: "App-passw0rd" });
    const db = await make("selDatabase", "selectel:Database", { clusterId: c.id, name: "orders" });
    await make("selGrant", "selectel:Grant", { clusterId: c.id, userId: user.id, databaseId: db.id });
  }, 300_000);

  it.each(["selCluster", "selUser", "selDatabase", "selGrant"])(
    "%s: refresh, get, delete and adopt fail naming selectel:endpoint; nothing is deleted",
    async (label) => {
      await everyPathRefuses(made[label], stray(), "selectel:endpoint");
    },
  );

  it("a datastore really deleted is still gone (refresh drops it, delete succeeds), and so is its user", async () => {
    const c = await make("selGone", "selectel:Cluster", { ...PG, name: "pg-really-gone" });
    const user = await make("selGoneUser", "selectel:User", { clusterId: c.id, name: "app", password: "App-passw0rd" });
    await runtime.remove(c.kind, c.id, c.outs);
    expect((await runtime.read(c.kind, c.id, c.outs)).id).toBe("");
    expect((await runtime.read(user.kind, user.id, user.outs)).id).toBe("");
    await runtime.remove(c.kind, c.id, c.outs);
    await runtime.remove(user.kind, user.id, user.outs);
  });
});

describe("Avisi: a prefix answering every path with Avisi's error body never makes an upgrade gone", () => {
  it("refresh, get and delete of an upgrade do not drop it", async () => {
    const u = await make("upgrade", "acloud:ClusterUpgrade", {
      environmentSlug: "production",
      clusterSlug: "prod-k8s",
      version: "v1.35.6-u-ame.4",
      when: "now",
    });
    const results = await withEnv({ ACLOUD_API_ENDPOINT: `${sim.url}/stray/acloud` }, async () => ({
      refresh: await failure(runtime.read(u.kind, u.id, u.outs)),
      get: await failure(runtime.read(u.kind, u.id, {})),
      delete: await failure(runtime.remove(u.kind, u.id, u.outs)),
    }));
    for (const [path, r] of Object.entries(results)) {
      // Either an error, or the upgrade kept: never the empty id that drops it from the state.
      if (r instanceof Error) expect(r.message, path).toMatch(/acloud:endpoint/);
      else expect((r as { resolved: { id: string } }).resolved.id, path).toBe(u.id);
    }
  });
});
