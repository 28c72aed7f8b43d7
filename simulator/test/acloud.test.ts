// The simulated Avisi Cloud API against its documents (seed 003, reference/avisi.md), with raw
// HTTP calls only: no client code from src/acloud is used here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src";

const TOKEN = "acpat_test-token";
const ORG = "test-org";
const PROD = "5e08fe67-1274-475d-bd0c-a65b0330507f"; // prod-k8s, v1.34.9-u-ame.2, weekly window TUESDAY 02:00, 120 min
const LEGACY = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"; // legacy-k8s, v1.33.7-u-ame.5, no maintenance schedule
const UPGRADES = `/api/v1/orgs/${ORG}/scheduled-cluster-upgrades`;

let sim: Simulator;

async function call(method: string, path: string, body?: unknown, auth: string | null = `Token ${TOKEN}`) {
  const res = await fetch(`${sim.url}/acloud${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const control = (action: string, body: unknown = {}) => {
  const r = sim.control("acloud", action, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as any;
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0, mode: "manual", acloud: { token: TOKEN, organisation: ORG } });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  sim.setClock({ mode: "manual" });
});

describe("Avisi simulator: authentication and errors", () => {
  it("accepts only the Token scheme with the right personal access token", async () => {
    for (const auth of [null, `Bearer ${TOKEN}`, "Token acpat_wrong"]) {
      const r = await call("GET", `/api/v1/orgs/${ORG}/clusters`, undefined, auth);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ message: expect.any(String), details: [expect.any(String)] });
    }
    expect((await call("GET", `/api/v1/orgs/${ORG}/clusters`)).status).toBe(200);
  });

  it("refuses another organisation with the documented 403", async () => {
    const r = await call("GET", "/api/v1/orgs/other-org/clusters");
    expect(r.status).toBe(403);
    expect(r.body.message).toBe("You do not have the necessary permissions to access this resource.");
  });

  it("answers an unknown object in the API's shape, an unknown path in the framework's", async () => {
    const gone = await call("GET", `/api/v1/orgs/${ORG}/clusters/production/nope`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ message: expect.any(String), details: ["Cluster production/nope not found"] });
    const path = await call("GET", "/api/v2/nothing");
    expect(path.status).toBe(404);
    expect(path.body).toMatchObject({ status: 404, error: "Not Found", path: "/api/v2/nothing" });
    expect(path.body.details).toBeUndefined();
  });

  it("validates the request body of seed 003, naming the fields", async () => {
    const r = await call("POST", UPGRADES, { version: "", scheduleRequestDate: "tomorrow" });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([
      "clusterIdentity: must not be null",
      "version: length must be at least 1",
      "scheduleRequestDate: must be a date-time",
    ]);
    const unknown = await call("POST", UPGRADES, { clusterIdentity: "00000000-0000-4000-8000-000000000000", version: "v1.35.6-u-ame.4" });
    expect(unknown.status).toBe(404);
  });

  it("refuses a jump over a minor version, a minor downgrade and an unknown version", async () => {
    const jump = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.36.1-u-ame.1", ignoreMaintenanceSchedule: true });
    expect(jump.status).toBe(400);
    expect(jump.body.details[0]).toMatch(/one minor version at a time/);
    const down = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.33.8-u-ame.1", ignoreMaintenanceSchedule: true });
    expect(down.status).toBe(400);
    expect(down.body.details[0]).toMatch(/downgrade/);
    const missing = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.99-u-ame.1", ignoreMaintenanceSchedule: true });
    expect(missing.status).toBe(400);
    expect(sim.state()).toMatchObject({ services: { acloud: { upgrades: [] } } });
  });

  it("refuses a window upgrade for a cluster without a maintenance schedule", async () => {
    const r = await call("POST", UPGRADES, { clusterIdentity: LEGACY, version: "v1.34.9-u-ame.2", ignoreMaintenanceSchedule: false });
    expect(r.status).toBe(400);
    expect(r.body.details[0]).toMatch(/no maintenance schedule/);
  });
});

describe("Avisi simulator: catalogue and paging", () => {
  it("pages the cluster list the Spring way", async () => {
    const first = await call("GET", `/api/v1/orgs/${ORG}/clusters?page=0&size=2`);
    expect(first.body).toMatchObject({ number: 0, size: 2, totalElements: 3, totalPages: 2, first: true, last: false });
    expect(first.body.content).toHaveLength(2);
    const second = await call("GET", `/api/v1/orgs/${ORG}/clusters?page=1&size=2`);
    expect(second.body).toMatchObject({ last: true, numberOfElements: 1 });
  });

  it("serves cluster versions as [{version}] and channels with their current version", async () => {
    const v = await call("GET", "/api/v1/cluster-versions");
    expect(v.body).toContainEqual({ version: "v1.35.6-u-ame.4" });
    const ch = await call("GET", `/api/v1/orgs/${ORG}/update-channels`);
    expect(ch.body).toContainEqual({ name: "regular", available: true, kubernetesClusterVersion: "v1.35.6-u-ame.4" });
  });

  it("renders slugs as {slugValue} objects when asked", async () => {
    control("slug-style", { style: "object" });
    const c = await call("GET", `/api/v1/orgs/${ORG}/clusters/production/prod-k8s`);
    expect(c.body.slug).toEqual({ slugValue: "prod-k8s" });
    expect(c.body.environmentSlug).toEqual({ slugValue: "production" });
  });
});

describe("Avisi simulator: scheduled upgrades", () => {
  const get = async (id: string) => (await call("GET", `${UPGRADES}/${id}`)).body;
  const prodVersion = async () => (await call("GET", `/api/v1/orgs/${ORG}/clusters/production/prod-k8s`)).body.version;

  it("runs an immediate upgrade REQUESTED → SCHEDULED → IN_PROGRESS → SUCCEEDED and changes the cluster only at the end", async () => {
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({
      clusterIdentity: PROD,
      status: "REQUESTED",
      fromClusterVersion: "v1.34.9-u-ame.2",
      toClusterVersion: "v1.35.6-u-ame.4",
      clusterSlug: "prod-k8s",
      environmentSlug: "production",
      organisationSlug: ORG,
      ignoreMaintenanceSchedule: true,
    });
    const id = posted.body.identity;
    sim.advance(1);
    expect((await get(id)).status).toBe("IN_PROGRESS");
    expect(await prodVersion()).toBe("v1.34.9-u-ame.2");
    sim.advance(3);
    const done = await get(id);
    expect(done.status).toBe("SUCCEEDED");
    expect(await prodVersion()).toBe("v1.35.6-u-ame.4");
    const dump: any = sim.state();
    expect(dump.services.acloud.upgrades[0].history).toEqual(["REQUESTED", "SCHEDULED", "IN_PROGRESS", "SUCCEEDED"]);
  });

  it("schedules into the next maintenance window, notifies a day before, starts when the window opens", async () => {
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: false });
    sim.advance(1);
    const scheduled = await get(posted.body.identity);
    expect(scheduled.status).toMatch(/^SCHEDULED/);
    const start = new Date(scheduled.windowStart);
    expect(start.getUTCDay()).toBe(2); // TUESDAY
    expect(scheduled.windowStart.slice(11, 19)).toBe("02:00:00");
    expect(Date.parse(scheduled.windowEnd) - start.getTime()).toBe(120 * 60_000);
    expect(start.getTime() - Date.parse(control("advance-time", {}).now)).toBeLessThanOrEqual(7 * 24 * 3600_000);

    control("advance-time", { to: new Date(start.getTime() - 23 * 3600_000).toISOString() });
    expect((await get(posted.body.identity)).status).toBe("SCHEDULED_NOTIFIED");
    control("advance-time", { to: scheduled.windowStart });
    expect((await get(posted.body.identity)).status).toBe("IN_PROGRESS");
    sim.advance(3);
    expect((await get(posted.body.identity)).status).toBe("SUCCEEDED");
  });

  it("uses scheduleRequestDate as the from-date of the window search", async () => {
    const from = new Date(Date.now() + 10 * 24 * 3600_000).toISOString();
    const posted = await call("POST", UPGRADES, {
      clusterIdentity: PROD,
      version: "v1.35.6-u-ame.4",
      ignoreMaintenanceSchedule: false,
      scheduleRequestDate: from,
    });
    sim.advance(1);
    const u = await get(posted.body.identity);
    expect(Date.parse(u.windowStart)).toBeGreaterThanOrEqual(Date.parse(from));
    expect(Date.parse(u.windowStart) - Date.parse(from)).toBeLessThan(7 * 24 * 3600_000);
  });

  it("reschedules an open upgrade in place and opens a new record after a terminal one", async () => {
    const a = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.5-u-ame.2", ignoreMaintenanceSchedule: false });
    sim.advance(1);
    const b = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: false });
    expect(b.body.identity).toBe(a.body.identity);
    expect(b.body).toMatchObject({ status: "REQUESTED", toClusterVersion: "v1.35.6-u-ame.4", windowStart: null });
    control("inject-outcome", { clusterIdentity: PROD, outcome: "MISSED" });
    sim.advance(1);
    control("advance-time", { to: (await get(a.body.identity)).windowStart });
    expect((await get(a.body.identity)).status).toBe("MISSED");
    const c = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    expect(c.body.identity).not.toBe(a.body.identity);
    const listed = await call("GET", `${UPGRADES}?clusterIdentities=${PROD}&statuses=REQUESTED,SCHEDULED`);
    expect(listed.body.content.map((u: any) => u.identity)).toEqual([c.body.identity]);
  });

  it.each([
    ["FAILED", "IN_PROGRESS"],
    ["SUPERSEDED", undefined],
    ["MISSED", undefined],
  ])("ends %s by fault injection with a reason, leaving the cluster's version alone", async (outcome, via) => {
    control("inject-outcome", { clusterIdentity: PROD, outcome, reason: `injected ${outcome}` });
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    sim.advance(1);
    if (via) expect((await get(posted.body.identity)).status).toBe(via);
    sim.advance(3);
    const u = await get(posted.body.identity);
    expect(u).toMatchObject({ status: outcome, reason: `injected ${outcome}` });
    expect(await prodVersion()).toBe("v1.34.9-u-ame.2");
  });

  it("honours the generic fail-operation fault: the accepted upgrade ends FAILED", async () => {
    sim.addFault({ kind: "fail-operation", service: "acloud", method: "POST", path: "scheduled-cluster-upgrades$" });
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    expect(posted.status).toBe(200);
    sim.advance(4);
    expect(await get(posted.body.identity)).toMatchObject({ status: "FAILED", reason: expect.stringContaining("injected") });
    expect(await prodVersion()).toBe("v1.34.9-u-ame.2");
  });

  it("misses a window that passes before the upgrade starts", async () => {
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: false });
    sim.advance(1);
    const u = await get(posted.body.identity);
    control("advance-time", { to: new Date(Date.parse(u.windowEnd) + 60_000).toISOString() });
    expect(await get(posted.body.identity)).toMatchObject({
      status: "MISSED",
      reason: expect.stringMatching(/did not start within its window/),
    });
  });

  it("cancels a pending upgrade (the record goes away) but not one in progress", async () => {
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: false });
    const del = await call("DELETE", `${UPGRADES}/${posted.body.identity}`);
    expect(del.status).toBe(200);
    const after = await call("GET", `${UPGRADES}/${posted.body.identity}`);
    expect(after.status).toBe(404);
    expect(after.body.details).toEqual([expect.stringContaining(posted.body.identity)]);
    const now = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    sim.advance(1);
    expect((await call("DELETE", `${UPGRADES}/${now.body.identity}`)).status).toBe(400);
  });

  it("withholds the inferred read and cancel endpoints when told to (framework 404, not the API's)", async () => {
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    control("endpoints", { read: false, cancel: false });
    for (const [m, p] of [
      ["GET", `${UPGRADES}/${posted.body.identity}`],
      ["DELETE", `${UPGRADES}/${posted.body.identity}`],
      ["GET", UPGRADES],
    ]) {
      const r = await call(m, p);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ error: "Not Found" });
    }
  });

  it("documented-only: the POST and cluster reads are served, every other path is the API's own 404", async () => {
    control("documented-only", { on: true });
    const posted = await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    expect(posted.status).toBe(200);
    // Seed 003's answer always carries the from-date: the POST's time when none was sent.
    expect(posted.body.scheduleRequestDate).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect((await call("GET", `/api/v1/orgs/${ORG}/clusters/production/prod-k8s`)).status).toBe(200);
    for (const [m, p] of [
      ["GET", `${UPGRADES}/${posted.body.identity}`],
      ["DELETE", `${UPGRADES}/${posted.body.identity}`],
      ["GET", UPGRADES],
      ["GET", "/api/v1/no-such-path"],
    ]) {
      const r = await call(m, p);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ message: expect.any(String), details: [expect.any(String)] });
    }
    control("documented-only", { on: false });
    expect((await call("GET", UPGRADES)).status).toBe(200);
  });

  it("logs every request with its status", async () => {
    sim.clearRequests();
    await call("POST", UPGRADES, { clusterIdentity: PROD, version: "v1.35.6-u-ame.4", ignoreMaintenanceSchedule: true });
    await call("GET", "/api/v1/cluster-versions", undefined, "Bearer x");
    expect(sim.requests().map((r) => `${r.service} ${r.method} ${r.path} ${r.status}`)).toEqual([
      `acloud POST ${UPGRADES} 200`,
      "acloud GET /api/v1/cluster-versions 401",
    ]);
  });
});
