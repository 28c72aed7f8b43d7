// End to end with the real Pulumi CLI on examples/multi-account: one program, two SCP accounts and
// two Selectel projects, each resource with its own `account` and no credential in stack config.
// up, preview and refresh with no changes, destroy; every cluster lives only in its own account or
// project, and no credential is ever in clear in `pulumi stack export`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import {
  SCP_OTHER,
  SCP_OTHER_ROTATED,
  SELECTEL,
  SELECTEL_OTHER_PROJECT,
  SIM_ACCESS_KEY,
  SIM_SCP_ACCOUNT_ID,
  SIM_SECRET_KEY,
  startSim,
  type Sim,
} from "../support/sim";
import { ScpClient } from "../../src/scp/client";

const DB_PASSWORD = "Multi-db-passw0rd";
const USER_PASSWORD = "Multi-user-passw0rd";
const SCP = {
  scpProd: { accessKey: SIM_ACCESS_KEY, secretKey: SIM_SECRET_KEY, accountId: SIM_SCP_ACCOUNT_ID },
  scpStaging: { ...SCP_OTHER },
};
const SELECTEL_ACCOUNTS = {
  selectelProd: { ...SELECTEL },
  selectelStaging: { ...SELECTEL, projectId: SELECTEL_OTHER_PROJECT },
};
/** Every credential and password the program was given: none may be in clear in the state. */
const SECRETS = [
  SIM_ACCESS_KEY,
  SIM_SECRET_KEY,
  SCP_OTHER.accessKey,
  SCP_OTHER.secretKey,
  SCP_OTHER_ROTATED.accessKey,
  SCP_OTHER_ROTATED.secretKey,
  SELECTEL.password,
  DB_PASSWORD,
  USER_PASSWORD,
];

let sim: Sim;
let project: PulumiProject;

const scpIdsOf = async (account: { accessKey: string; secretKey: string; accountId: string }): Promise<string[]> => {
  const api = new ScpClient("postgresql", { ...account, region: "kr-west1", environment: "e", endpoint: sim.scpEndpoint });
  const page: { contents: { id: string }[] } = await api.http.get("/v1/clusters", { query: { page: 0, size: 100 } });
  return page.contents.map((c) => c.id).sort();
};

/** Datastore ids of one Selectel project, read with a token scoped to it. */
const selectelIdsOf = async (projectId: string): Promise<string[]> => {
  const auth = await fetch(`${sim.selectelAuthUrl}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: SELECTEL.username, domain: { name: SELECTEL.accountId }, password: SELECTEL.password } },
        },
        scope: { project: { id: projectId } },
      },
    }),
  });
  const res = await fetch(`${sim.url}/selectel/dbaas/ru-7/v1/datastores`, {
    headers: { "x-auth-token": auth.headers.get("x-subject-token")! },
  });
  return ((await res.json()) as any).datastores
    .filter((d: any) => d.status !== "DELETED")
    .map((d: any) => d.id)
    .sort();
};

/** Secret config objects (`scpProd.accessKey`, …), one CLI call for all of them. */
async function setAccount(accounts: Record<string, Record<string, string>>): Promise<void> {
  const secrets = Object.entries(accounts).flatMap(([key, account]) =>
    Object.entries(account).map(([field, value]) => [`${key}.${field}`, value]),
  );
  await project.configAll({}, Object.fromEntries(secrets), { path: true });
}

function expectNoSecretInClear(state: string): void {
  for (const s of SECRETS) expect(state.includes(s), `a credential is in clear in the state (${s.slice(0, 3)}…)`).toBe(false);
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 200 });
  project = await PulumiProject.create("multi-account", packedTarball());
  // Where the clouds are, and nothing else: no scp:accessKey, no selectel:username, in the stack.
  await project.configAll(
    {
      "scp:endpoint": sim.scpEndpoint,
      "selectel:region": "ru-7",
      "selectel:authUrl": sim.selectelAuthUrl,
      "selectel:endpoint": sim.selectelEndpoint,
    },
    { databasePassword: DB_PASSWORD, userPassword: USER_PASSWORD },
  );
  await setAccount({ ...SCP, ...SELECTEL_ACCOUNTS });
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

describe("multi-account with the real pulumi CLI", { timeout: 600_000 }, () => {
  let out: Record<string, any> = {};

  it("up creates each cluster in its own account or project", async () => {
    await project.up();
    out = await project.outputs();
    expect(await scpIdsOf(SCP.scpProd)).toEqual([out.scpClusters.prod]);
    expect(await scpIdsOf(SCP.scpStaging)).toEqual([out.scpClusters.staging]);
    expect(await selectelIdsOf(SELECTEL.projectId)).toEqual([out.selectelClusters.prod]);
    expect(await selectelIdsOf(SELECTEL_OTHER_PROJECT)).toEqual([out.selectelClusters.staging]);
  });

  it("the state holds the accounts only as secrets", async () => {
    const state = await project.exportState();
    expectNoSecretInClear(state);
    const resources = JSON.parse(state).deployment.resources.filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(resources).toHaveLength(6);
    for (const r of resources) {
      // Recorded in the inputs and in the outputs (refresh and destroy read the outputs), encrypted.
      expect(r.inputs.account?.["4dabf18193072939515e22adb298388d"], r.urn).toBe("1b47061264138c4ac30d75fd1eb44270");
      expect(r.outputs.account?.["4dabf18193072939515e22adb298388d"], r.urn).toBe("1b47061264138c4ac30d75fd1eb44270");
    }
  });

  it("a second preview and a refresh show no changes; the refreshed state still holds no credential in clear", async () => {
    await project.ok(["preview", "--expect-no-changes"]);
    await project.ok(["refresh", "--yes", "--expect-no-changes"]);
    expectNoSecretInClear(await project.exportState());
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("pointing a cluster at another account previews a replace of that cluster only", async () => {
    await setAccount({ scpStaging: SCP.scpProd });
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan.map((s) => [s.op, s.name, s.replaceReasons])).toEqual([["replace", "orders-staging", ["account"]]]);
    await setAccount({ scpStaging: SCP.scpStaging });
    await project.ok(["preview", "--expect-no-changes"]);
  });

  it("new keys for the same account: an update of that cluster that calls nothing, recorded for destroy", async () => {
    await setAccount({ scpStaging: SCP_OTHER_ROTATED });
    const plan = (await project.plan()).filter((s) => s.op !== "same");
    expect(plan.map((s) => [s.op, s.name, s.replaceReasons])).toEqual([["update", "orders-staging", []]]);
    await sim.clearRequests();
    await project.up();
    expect((await sim.requests()).filter((r) => r.method !== "GET" && !r.path.includes("/auth/tokens"))).toEqual([]);
    await project.ok(["preview", "--expect-no-changes"]);
    expectNoSecretInClear(await project.exportState());
  });

  it("get reads a cluster through the account it is given (the stack has no SCP credentials), keeping the account secret", async () => {
    await project.config("readStagingCluster", out.scpClusters.staging);
    await project.up();
    const state = await project.exportState();
    expectNoSecretInClear(state);
    const staging = JSON.parse(state).deployment.resources.find((r: any) => r.urn.endsWith("::orders-staging"));
    expect((await project.outputs()).readStagingName).toBe(staging.outputs.name);
  });

  it("destroy deletes each cluster through its own account", async () => {
    await project.ok(["destroy", "--yes"]);
    expect(await scpIdsOf(SCP.scpProd)).toEqual([]);
    expect(await scpIdsOf(SCP.scpStaging)).toEqual([]);
    expect(await selectelIdsOf(SELECTEL.projectId)).toEqual([]);
    expect(await selectelIdsOf(SELECTEL_OTHER_PROJECT)).toEqual([]);
  });
});
