// acloud.ClusterUpgrade against the simulator, in process through src/runtime.ts: which calls each
// step makes (the simulator's request log), what the wait waits for, what state a failure leaves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { setProgressSink } from "../../src/core/wait";
import { ACLOUD, startSim, type Sim } from "../support/sim";
import { checked } from "../support/lifecycle";

const KIND = "acloud:ClusterUpgrade";
const PROD = "5e08fe67-1274-475d-bd0c-a65b0330507f"; // prod-k8s, v1.34.9-u-ame.2, TUESDAY 02:00 UTC window
const STAGING = "7c1d2f3a-4b5c-4d6e-8f70-819a2b3c4d5e"; // staging-k8s, v1.34.8-u-ame.3, auto-upgrade on
const UPGRADES = "/api/v1/orgs/sim-org/scheduled-cluster-upgrades";
const prod = { environmentSlug: "production", clusterSlug: "prod-k8s" };

let sim: Sim;

const mutations = async () => await sim.mutations();
const clusterVersion = async () => (await sim.state()).services.acloud.clusters.find((c: any) => c.identity === PROD).version;
const upgrades = async () => (await sim.state()).services.acloud.upgrades as any[];
const upgradesEcho = (list: any[]) => list.map((u) => u.scheduleRequestDate);

/** What refresh would report: nothing, when state and the live object agree. */
async function expectNoDrift(id: string, outs: Record<string, any>, inputs: Record<string, any>) {
  const r = await runtime.read(KIND, id, outs);
  expect(r.inputs).toEqual(Object.fromEntries(Object.entries(inputs).filter(([k]) => !k.startsWith("__"))));
  expect((await runtime.diff(KIND, id, r.props, inputs)).changes).toBe(false);
}

beforeAll(async () => {
  sim = await startSim({ stepMs: 40 });
  process.env.ACLOUD_API_ENDPOINT = sim.acloudEndpoint;
  process.env.ACLOUD_PERSONAL_ACCESS_TOKEN = ACLOUD.token;
  process.env.ACLOUD_ORGANISATION = ACLOUD.organisation;
  process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "20";
  process.env.DBAAS_WAIT_MAX_INTERVAL_MS = "60";
  process.env.DBAAS_HTTP_MIN_RETRY_MS = "20";
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await sim.reset();
});

describe("acloud.ClusterUpgrade against the simulator", () => {
  it("an immediate upgrade: one POST, waited until the cluster runs the new version; refresh finds nothing", async () => {
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    const { id, outs } = await runtime.create(KIND, inputs);
    expect(await mutations()).toEqual([`POST ${UPGRADES}`]);
    expect(outs).toMatchObject({
      upgradeIdentity: id,
      status: "SUCCEEDED",
      fromVersion: "v1.34.9-u-ame.2",
      toVersion: "v1.35.6-u-ame.4",
      clusterVersion: "v1.35.6-u-ame.4",
      resolvedClusterIdentity: PROD,
    });
    expect(await clusterVersion()).toBe("v1.35.6-u-ame.4");
    const posted = (await sim.requests()).find((r) => r.method === "POST")!;
    expect(posted.body).toEqual({ clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    await expectNoDrift(id, outs, inputs);
    // A read by id alone (acloud.ClusterUpgrade.get) finds the same upgrade, with GETs only.
    await sim.clearRequests();
    const got = await runtime.read(KIND, id, {});
    expect(got.props).toMatchObject({
      upgradeIdentity: id,
      status: "SUCCEEDED",
      toVersion: "v1.35.6-u-ame.4",
      resolvedClusterIdentity: PROD,
      when: "now",
    });
    expect(await mutations()).toEqual([]);
    // Deleting a finished upgrade only forgets it: no call, the cluster keeps its version.
    await sim.clearRequests();
    await runtime.remove(KIND, id, outs);
    expect(await mutations()).toEqual([]);
    expect(await clusterVersion()).toBe("v1.35.6-u-ame.4");
  });

  it.each([
    [
      "a jump over a minor version",
      "legacy-k8s",
      "v1.35.6-u-ame.4",
      /from v1\.33\.7-u-ame\.5 to v1\.35\.6-u-ame\.4.*one minor version at a time.*next allowed: v1\.34\.9-u-ame\.2/,
    ],
    [
      "a downgrade across minor versions",
      "prod-k8s",
      "v1.33.8-u-ame.1",
      /from v1\.34\.9-u-ame\.2 to v1\.33\.8-u-ame\.1.*downgrade across minor versions.*next allowed: v1\.35\.6-u-ame\.4/,
    ],
    ["a version that does not exist", "prod-k8s", "v1.35.99-u-ame.1", /v1\.35\.99-u-ame\.1 is not an available cluster version/, true],
  ])("refuses %s before any mutating call", async (_what, slug, version, message, inCheck = false) => {
    // A version the API does not list at all is refused by check already (so preview shows it);
    // the upgrade-path rules depend on the cluster at the moment and are `up`'s.
    const r = await runtime.check(KIND, {}, { environmentSlug: "production", clusterSlug: slug, version, when: "now" });
    if (inCheck) expect(r.failures.map((f) => `${f.property}: ${f.reason}`).join("\n")).toMatch(message);
    else expect(r.failures).toEqual([]);
    await expect(runtime.create(KIND, r.inputs)).rejects.toThrow(message);
    expect(await mutations()).toEqual([]);
  });

  it("refuses a window upgrade of a cluster without a maintenance schedule before any mutating call", async () => {
    const inputs = await checked(KIND, {
      environmentSlug: "production",
      clusterSlug: "legacy-k8s",
      version: "v1.34.9-u-ame.2",
      when: "maintenanceWindow",
    });
    await expect(runtime.create(KIND, inputs)).rejects.toThrow(/when: cluster legacy-k8s has no maintenance schedule/);
    expect(await mutations()).toEqual([]);
  });

  it(
    "a window upgrade: scheduled into the next window, rescheduled in place, then waited to " + "completion when the window opens",
    async () => {
      const inputs = await checked(KIND, {
        clusterIdentity: PROD,
        version: "v1.35.5-u-ame.2",
        when: "maintenanceWindow",
        waitFor: "scheduled",
      });
      const { id, outs } = await runtime.create(KIND, inputs);
      expect(outs.status).toMatch(/^SCHEDULED/);
      expect(new Date(outs.windowStart).getUTCDay()).toBe(2);
      expect(outs.windowStart).toMatch(/T02:00:00/);
      expect(await clusterVersion()).toBe("v1.34.9-u-ame.2");
      await expectNoDrift(id, outs, inputs);

      // A new version and a later from-date: one POST to the same endpoint, the same record.
      const notBefore = new Date(Date.parse(outs.windowEnd) + 3600_000).toISOString();
      const news = await checked(KIND, { ...inputs, version: "v1.35.6-u-ame.4", notBefore }, inputs);
      expect(await runtime.diff(KIND, id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      await sim.clearRequests();
      const rescheduled = (await runtime.update(KIND, id, outs, news)).outs;
      expect(await mutations()).toEqual([`POST ${UPGRADES}`]);
      expect((await sim.requests()).find((r) => r.method === "POST")!.body).toEqual({
        clusterIdentity: PROD,
        version: "v1.35.6-u-ame.4",
        ignoreMaintenanceSchedule: false,
        scheduleRequestDate: notBefore,
      });
      expect(rescheduled).toMatchObject({ upgradeIdentity: id, toVersion: "v1.35.6-u-ame.4" });
      expect(Date.parse(rescheduled.windowStart) - Date.parse(outs.windowStart)).toBe(7 * 24 * 3600_000);
      await expectNoDrift(id, rescheduled, news);

      // Now wait for it: the update polls (no call of its own) while the calendar reaches the window.
      const lines: string[] = [];
      setProgressSink((l) => lines.push(l));
      process.env.DBAAS_WAIT_PROGRESS_MS = "1";
      const completed = await checked(KIND, { ...news, waitFor: "completed" }, news);
      await sim.clearRequests();
      const waiting = runtime.update(KIND, id, rescheduled, completed);
      await new Promise((r) => setTimeout(r, 300));
      expect(await clusterVersion()).toBe("v1.34.9-u-ame.2");
      await sim.acloud("advance-time", { to: rescheduled.windowStart });
      const done = (await waiting).outs;
      delete process.env.DBAAS_WAIT_PROGRESS_MS;
      setProgressSink((l) => console.log(l));
      expect(await mutations()).toEqual([]);
      expect(done).toMatchObject({ status: "SUCCEEDED", clusterVersion: "v1.35.6-u-ame.4", waitFor: "completed" });
      const window = `${rescheduled.windowStart.slice(0, 10)} 02:00–04:00 UTC`;
      // The window is a week away: the line shows it until the calendar jumps there.
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^waiting for upgrade of prod-k8s to v1\\.35\\.6-u-ame\\.4: SCHEDULED for ${window}, \\d+s$`)),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^waiting for upgrade of prod-k8s to v1\\.35\\.6-u-ame\\.4: IN_PROGRESS for ${window}, \\d+s$`)),
      );
      await expectNoDrift(id, done, completed);
    },
  );

  it("a MISSED upgrade stays in the state with the cluster's real version, and the next update reschedules it", async () => {
    await sim.acloud("inject-outcome", { clusterIdentity: PROD, outcome: "MISSED", reason: "no capacity in the window" });
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    const failure: any = await runtime.create(KIND, inputs).then(
      () => undefined,
      (e) => e,
    );
    expect(failure?.reasons?.[0]).toMatch(/upgrade of prod-k8s to v1\.35\.6-u-ame\.4 ended MISSED: no capacity in the window/);
    expect(failure.properties).toMatchObject({ status: "MISSED", version: "v1.34.9-u-ame.2", reason: "no capacity in the window" });
    const id = failure.id;
    // What refresh sees agrees with what the failure recorded; the next preview plans the reschedule.
    const refreshed = await runtime.read(KIND, id, failure.properties);
    expect(refreshed.inputs.version).toBe("v1.34.9-u-ame.2");
    expect(await runtime.diff(KIND, id, failure.properties, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await sim.clearRequests();
    const outs = (await runtime.update(KIND, id, failure.properties, inputs)).outs;
    expect(await mutations()).toEqual([`POST ${UPGRADES}`]);
    expect(outs).toMatchObject({ status: "SUCCEEDED", version: "v1.35.6-u-ame.4", clusterVersion: "v1.35.6-u-ame.4" });
    expect(outs.upgradeIdentity).not.toBe(id); // the API opened a new record for the terminal one
    await expectNoDrift(id, outs, inputs);
  });

  it.each(["FAILED", "SUPERSEDED"])("%s ends the wait with the reason and keeps the resource", async (outcome) => {
    await sim.acloud("inject-outcome", { outcome, reason: `because ${outcome}` });
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    const failure: any = await runtime.create(KIND, inputs).then(
      () => undefined,
      (e) => e,
    );
    expect(failure?.reasons?.[0]).toContain(`ended ${outcome}: because ${outcome}`);
    expect(failure.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await clusterVersion()).toBe("v1.34.9-u-ame.2");
  });

  it("platform auto-upgrade past the target is not drift: a superseded upgrade counts as reached", async () => {
    const inputs = await checked(KIND, {
      environmentSlug: "staging",
      clusterSlug: "staging-k8s",
      version: "v1.34.9-u-ame.2",
      when: "maintenanceWindow",
      waitFor: "scheduled",
    });
    const { id, outs } = await runtime.create(KIND, inputs);
    await sim.acloud("set-cluster", { clusterIdentity: STAGING, version: "v1.35.6-u-ame.4" });
    await sim.acloud("inject-outcome", { clusterIdentity: STAGING, outcome: "SUPERSEDED" });
    await sim.acloud("advance-time", { to: outs.windowStart });
    const r = await runtime.read(KIND, id, outs);
    expect(r.props).toMatchObject({ status: "SUPERSEDED", clusterVersion: "v1.35.6-u-ame.4", version: "v1.34.9-u-ame.2" });
    expect((await runtime.diff(KIND, id, r.props, inputs)).changes).toBe(false);
    // A new upgrade to a version the platform already passed is refused, not sent.
    await sim.clearRequests();
    const again = await checked(KIND, { ...inputs, version: "v1.35.5-u-ame.2" }, inputs);
    await expect(runtime.update(KIND, id, r.props, again)).rejects.toThrow(
      /already runs v1\.35\.6-u-ame\.4 \(platform auto-upgrade is on, channel regular\)/,
    );
    expect(await mutations()).toEqual([]);
  });

  it("delete cancels a pending upgrade and never touches the cluster", async () => {
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "maintenanceWindow", waitFor: "scheduled" });
    const { id, outs } = await runtime.create(KIND, inputs);
    await sim.clearRequests();
    await runtime.remove(KIND, id, outs);
    expect(await mutations()).toEqual([`DELETE ${UPGRADES}/{id}`]);
    expect(await upgrades()).toEqual([]);
    expect(await clusterVersion()).toBe("v1.34.9-u-ame.2");
  });

  it("without a public cancel endpoint, delete of a pending upgrade fails with what to do", async () => {
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "maintenanceWindow", waitFor: "scheduled" });
    const { id, outs } = await runtime.create(KIND, inputs);
    await sim.acloud("endpoints", { cancel: false });
    await expect(runtime.remove(KIND, id, outs)).rejects.toThrow(
      /has no public cancel endpoint.*Cancel it in the Avisi Cloud console, or .*pulumi state delete/s,
    );
    expect((await upgrades())[0].status).toMatch(/^SCHEDULED/);
  });

  it("without a readable upgrade endpoint, the cluster's version decides when the upgrade is done", async () => {
    await sim.acloud("endpoints", { read: false });
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    const { id, outs } = await runtime.create(KIND, inputs);
    expect(outs).toMatchObject({ status: "SUCCEEDED", clusterVersion: "v1.35.6-u-ame.4" });
    await expectNoDrift(id, outs, inputs);
  });

  it(
    "an undeclared notBefore stays undeclared: the API's echoed from-date is the output " +
      "scheduleRequestDate, so nothing diffs and nothing is posted again",
    async () => {
      const inputs = await checked(KIND, {
        clusterIdentity: PROD,
        version: "v1.35.5-u-ame.2",
        when: "maintenanceWindow",
        waitFor: "scheduled",
      });
      const { id, outs } = await runtime.create(KIND, inputs);
      // The API answers with its own now as the from-date although none was sent.
      expect(upgradesEcho(await upgrades())).toEqual([expect.any(String)]);
      expect(outs.notBefore).toBeUndefined();
      expect(outs.scheduleRequestDate).toBe(upgradesEcho(await upgrades())[0]);
      await sim.clearRequests();
      await expectNoDrift(id, outs, inputs);
      const r = await runtime.read(KIND, id, outs);
      expect(r.inputs).not.toHaveProperty("notBefore");
      expect(await runtime.diff(KIND, id, r.props, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
      expect(await mutations()).toEqual([]);
    },
  );

  it(
    "against an API that serves only the documented POST (other paths: the API's own 404), create " +
      "posts once and the cluster's version decides",
    async () => {
      await sim.acloud("documented-only", { on: true });
      const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
      const { id, outs } = await runtime.create(KIND, inputs);
      expect(await mutations()).toEqual([`POST ${UPGRADES}`]);
      expect(outs).toMatchObject({ upgradeIdentity: id, status: "SUCCEEDED", clusterVersion: "v1.35.6-u-ame.4" });
      await sim.clearRequests();
      await expectNoDrift(id, outs, inputs);
      expect(await mutations()).toEqual([]);
      // A finished upgrade is only forgotten on delete: no call.
      await runtime.remove(KIND, id, outs);
      expect(await mutations()).toEqual([]);
    },
  );

  it("against an API that serves the read paths, the API's 404 for an upgrade still means gone", async () => {
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    const { outs } = await runtime.create(KIND, inputs);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await runtime.read(KIND, missing, { ...outs, upgradeIdentity: missing })).id).toBe("");
  });

  it("adopts an upgrade scheduled elsewhere, and refuses to reschedule it silently", async () => {
    const posted = await fetch(`${sim.acloudEndpoint}${UPGRADES}`, {
      method: "POST",
      headers: { authorization: `Token ${ACLOUD.token}`, "content-type": "application/json" },
      body: JSON.stringify({ clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: false }),
    }).then((r) => r.json());
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "maintenanceWindow", waitFor: "scheduled" });
    await sim.clearRequests();
    await expect(runtime.create(KIND, inputs)).rejects.toThrow(
      new RegExp(`already exists and this resource did not create it: ${posted.identity}.*adopt: "${posted.identity}"`),
    );
    expect(await mutations()).toEqual([]);
    const adopted = await runtime.create(KIND, { ...inputs, adopt: posted.identity });
    expect(adopted.id).toBe(posted.identity);
    expect(await mutations()).toEqual([]);
    await expect(runtime.create(KIND, { ...inputs, version: "v1.35.5-u-ame.2", adopt: posted.identity })).rejects.toThrow(
      /version: live "v1.35.6-u-ame.4", declared "v1.35.5-u-ame.2"/,
    );
  });

  it("a wait cut short by the deadline records the upgrade as only scheduled, and the next update waits again without a POST", async () => {
    await sim.clock({ mode: "manual" }); // the upgrade stays REQUESTED until the clock moves
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    process.env.DBAAS_WAIT_TIMEOUT_S = "1";
    const cut: any = await runtime
      .create(KIND, inputs)
      .then(
        () => undefined,
        (e) => e,
      )
      .finally(() => delete process.env.DBAAS_WAIT_TIMEOUT_S);
    expect(cut?.reasons?.[0]).toMatch(/upgrade of prod-k8s to v1\.35\.6-u-ame\.4: still REQUESTED when the wait ended/);
    expect(cut.properties).toMatchObject({ status: "REQUESTED", waitFor: "scheduled", version: "v1.35.6-u-ame.4" });
    expect(await runtime.diff(KIND, cut.id, cut.properties, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await sim.clock({ mode: "time", stepMs: 40 });
    await sim.clearRequests();
    const outs = (await runtime.update(KIND, cut.id, cut.properties, inputs)).outs;
    expect(await mutations()).toEqual([]);
    expect(outs).toMatchObject({ status: "SUCCEEDED", waitFor: "completed", clusterVersion: "v1.35.6-u-ame.4" });
  });

  it("waits on a status it does not know, with progress lines, until the deadline; the resource is kept", async () => {
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "maintenanceWindow", waitFor: "scheduled" });
    const { id, outs } = await runtime.create(KIND, inputs);
    await sim.acloud("set-upgrade-status", { identity: id, status: "AWAITING_APPROVAL" });
    const lines: string[] = [];
    setProgressSink((l) => lines.push(l));
    process.env.DBAAS_WAIT_PROGRESS_MS = "1";
    process.env.DBAAS_WAIT_TIMEOUT_S = "1";
    const completed = await checked(KIND, { ...inputs, waitFor: "completed" }, inputs);
    const cut: any = await runtime
      .update(KIND, id, outs, completed)
      .then(
        () => undefined,
        (e) => e,
      )
      .finally(() => {
        delete process.env.DBAAS_WAIT_PROGRESS_MS;
        delete process.env.DBAAS_WAIT_TIMEOUT_S;
        setProgressSink((l) => console.log(l));
      });
    expect(cut?.reasons?.[0]).toMatch(/still AWAITING_APPROVAL when the wait ended/);
    expect(cut.properties).toMatchObject({ status: "AWAITING_APPROVAL", waitFor: "scheduled" });
    expect(lines).toContainEqual(expect.stringMatching(/^waiting for upgrade of prod-k8s to v1\.35\.6-u-ame\.4: AWAITING_APPROVAL, \d+s$/));
  });

  it("reads slugs rendered as {slugValue} objects", async () => {
    await sim.acloud("slug-style", { style: "object" });
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    const { id, outs } = await runtime.create(KIND, inputs);
    expect(outs).toMatchObject({ environmentSlug: "production", clusterSlug: "prod-k8s", status: "SUCCEEDED" });
    await expectNoDrift(id, outs, inputs);
  });

  it("a POST answered by a gateway 502 is never resent blindly: the API is asked first", async () => {
    await sim.fault({ kind: "status", status: 502, service: "acloud", method: "POST", path: "scheduled-cluster-upgrades$", count: 1 });
    const inputs = await checked(KIND, { ...prod, version: "v1.35.6-u-ame.4", when: "now" });
    await expect(runtime.create(KIND, inputs)).rejects.toThrow(/may have been applied.*No upgrade of cluster prod-k8s is visible yet/);
    expect(await mutations()).toEqual([`POST ${UPGRADES}`]);
    const { outs } = await runtime.create(KIND, inputs);
    expect(outs.status).toBe("SUCCEEDED");
  });

  it("a 404 that is not the API's is an error naming the endpoint, never 'gone'; the token never shows", async () => {
    process.env.ACLOUD_API_ENDPOINT = `${sim.url}/acloud/wrong-prefix`;
    try {
      const err: any = await runtime
        .read(KIND, "10a80a7a-1a32-4a74-b592-aa2a4ef691c5", {
          ...prod,
          version: "v1.35.6-u-ame.4",
          when: "now",
          waitFor: "completed",
          upgradeIdentity: "10a80a7a-1a32-4a74-b592-aa2a4ef691c5",
        })
        .then(
          () => undefined,
          (e) => e,
        );
      expect(String(err?.message)).toMatch(/not the API's not-found answer.*check acloud:endpoint/);
      expect(String(err?.message)).not.toContain(ACLOUD.token);
    } finally {
      process.env.ACLOUD_API_ENDPOINT = sim.acloudEndpoint;
    }
  });
});
