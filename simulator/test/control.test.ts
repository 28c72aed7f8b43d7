import { spawn, execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../src";
import { builtCli } from "./built";
import { createBody, type ScpClient, useManualSim } from "./helpers";

let sim: Simulator;
let api: ScpClient;
let ev164: string;

useManualSim((s) => ({ sim, api, ev164 } = s));

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("request log", () => {
  it("records service calls with redacted passwords, filters by seq, is clearable; control calls are not logged", async () => {
    await control("GET", "/state");
    await api.post("/v1/clusters", createBody(ev164));
    await api.get("/v1/clusters?size=5");
    const { body } = await control("GET", "/requests");
    expect(body.requests).toHaveLength(2);
    const [create, list] = body.requests;
    expect(create).toMatchObject({ service: "scp-postgresql", method: "POST", path: "/v1/clusters", status: 202, query: {} });
    expect(create.body.init_config_option.database_user_password).toBe("***");
    expect(create.body.init_config_option.database_user_name).toBe("dbadmin");
    expect(JSON.stringify(body)).not.toContain("S3cret-pass!");
    expect(list).toMatchObject({ method: "GET", path: "/v1/clusters", query: { size: "5" }, status: 200, body: null });
    expect(list.seq).toBeGreaterThan(create.seq);
    expect(typeof create.time).toBe("string");
    expect((await control("GET", `/requests?since=${create.seq}`)).body.requests.map((r: any) => r.seq)).toEqual([list.seq]);
    await control("DELETE", "/requests");
    expect((await control("GET", "/requests")).body.requests).toEqual([]);
  });

  it("logs rejected calls with their status", async () => {
    await api.get("/v1/clusters", { secretKey: "bad" });
    expect(sim.requests().map((r) => r.status)).toEqual([401]);
  });
});

describe("clock", () => {
  it("time mode completes transitions after stepMs; reads in between change nothing", async () => {
    expect((await control("POST", "/clock", { mode: "time", stepMs: 150 })).body).toMatchObject({ mode: "time", stepMs: 150 });
    const r = await api.post("/v1/clusters", createBody(ev164));
    expect((await api.get(`/v1/clusters/${r.body.resource.id}`)).body.service_state).toBe("CREATING");
    await sleep(220);
    expect((await api.get(`/v1/clusters/${r.body.resource.id}`)).body.service_state).toBe("RUNNING");
  });

  it("manual mode waits for advance over HTTP; advance completes one step of every in-flight operation", async () => {
    const a = await api.post("/v1/clusters", createBody(ev164, { name: "alpha", instance_name_prefix: "alpha" }));
    const b = await api.post("/v1/clusters", createBody(ev164, { name: "bravo", instance_name_prefix: "bravo" }));
    await sleep(50);
    expect((await api.get(`/v1/clusters/${a.body.resource.id}`)).body.service_state).toBe("CREATING");
    expect((await control("GET", "/clock")).body).toMatchObject({ mode: "manual", pending: 2 });
    expect((await control("POST", "/clock", { advance: 1 })).body).toMatchObject({ completedSteps: 2, pending: 0 });
    expect((await api.get(`/v1/clusters/${a.body.resource.id}`)).body.service_state).toBe("RUNNING");
    expect((await api.get(`/v1/clusters/${b.body.resource.id}`)).body.service_state).toBe("RUNNING");
    expect((await control("POST", "/clock", { advance: 0 })).status).toBe(400);
    expect((await control("POST", "/clock", { mode: "fast" })).status).toBe(400);
  });
});

describe("completions", () => {
  it("reports each completed operation with the time its last step became due, not when a read noticed it", async () => {
    await control("POST", "/clock", { mode: "time", stepMs: 100 });
    const r = await api.post("/v1/clusters", createBody(ev164));
    expect((await control("GET", "/completions")).body.completions).toEqual([]);
    await sleep(300); // well past the due time: the read below notices late
    expect((await api.get(`/v1/clusters/${r.body.resource.id}`)).body.service_state).toBe("RUNNING");
    const [post, read] = sim.requests();
    const [done] = (await control("GET", "/completions")).body.completions;
    expect(done.label).toContain(r.body.resource.id);
    const at = Date.parse(done.at);
    expect(at).toBeGreaterThanOrEqual(Date.parse(post.time) + 100);
    expect(at).toBeLessThan(Date.parse(read.time));
    await control("POST", "/reset");
    expect((await control("GET", "/completions")).body.completions).toEqual([]);
  });
});

describe("faults", () => {
  it("status: the next n matching requests get the status with the SCP error body", async () => {
    const { body } = await control("POST", "/faults", {
      service: "scp-postgresql",
      method: "GET",
      path: "^/v1/clusters$",
      kind: "status",
      status: 503,
      count: 2,
    });
    expect(body.id).toMatch(/./);
    expect((await api.get("/v1/server-types")).status).toBe(200);
    const r1 = await api.get("/v1/clusters");
    expect(r1.status).toBe(503);
    expect(r1.body.errors[0].code).toBe("SERVICE_UNAVAILABLE");
    expect((await api.get("/v1/clusters")).status).toBe(503);
    expect((await api.get("/v1/clusters")).status).toBe(200);
    expect(sim.requests().map((r) => r.status)).toEqual([200, 503, 503, 200]);
  });

  it("rate-limit: 429 with Retry-After", async () => {
    await control("POST", "/faults", { kind: "rate-limit", retryAfter: 7, count: 1 });
    const r = await api.get("/v1/clusters");
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("7");
    expect(r.body.errors[0].code).toBe("TOO_MANY_REQUESTS");
    expect((await api.get("/v1/clusters")).status).toBe(200);
  });

  it("drop: the connection is destroyed without an answer and nothing happens", async () => {
    await control("POST", "/faults", { method: "POST", path: "^/v1/clusters$", kind: "drop", count: 1 });
    await expect(api.post("/v1/clusters", createBody(ev164))).rejects.toThrow();
    expect((await api.get("/v1/clusters")).body.count).toBe(0);
    expect(sim.requests()[0]).toMatchObject({ method: "POST", status: null });
    expect((await api.post("/v1/clusters", createBody(ev164))).status).toBe(202);
  });

  it("slow: answers normally after delayMs", async () => {
    await control("POST", "/faults", { kind: "slow", delayMs: 300, count: 1 });
    const t0 = Date.now();
    const r = await api.get("/v1/clusters");
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    const t1 = Date.now();
    await api.get("/v1/clusters");
    expect(Date.now() - t1).toBeLessThan(200);
  });

  it("fail-operation on create: 202, then FAILED cluster and FAILED request", async () => {
    await control("POST", "/faults", { kind: "fail-operation", method: "POST", path: "^/v1/clusters$", count: 1 });
    // A GET matching nothing does not consume the rule.
    await api.get("/v1/clusters");
    const r = await api.post("/v1/clusters", createBody(ev164));
    expect(r.status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${r.body.resource.id}`)).body.service_state).toBe("FAILED");
    expect((await api.get(`/v1/requests/${r.body.request_id}`)).body.state).toBe("FAILED");
    // A failed cluster can be deleted.
    expect((await api.delete(`/v1/clusters/${r.body.resource.id}`)).status).toBe(202);
    sim.advance(1);
    expect((await api.get(`/v1/clusters/${r.body.resource.id}`)).status).toBe(404);
  });

  it("fail-operation on an edit: back to RUNNING with the change not applied", async () => {
    const c = await api.createRunning();
    const ig = c.instance_groups[0].id;
    await control("POST", "/faults", { kind: "fail-operation", path: "/resize$", count: 1 });
    // A rejected request does not consume the rule.
    expect((await api.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: "nope" })).status).toBe(400);
    const r = await api.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: "db1v8m32" });
    expect(r.status).toBe(202);
    expect((await api.get(`/v1/clusters/${c.id}`)).body.service_state).toBe("EDITING");
    sim.advance(1);
    const after = (await api.get(`/v1/clusters/${c.id}`)).body;
    expect(after.service_state).toBe("RUNNING");
    expect(after.instance_groups[0].server_type_name).toBe("db1v2m4");
    expect((await api.get(`/v1/requests/${r.body.request_id}`)).body.state).toBe("FAILED");
    // The rule is used up: the retry succeeds.
    const again = await api.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: "db1v8m32" });
    sim.advance(1);
    expect((await api.get(`/v1/requests/${again.body.request_id}`)).body.state).toBe("COMPLETED");
    expect((await api.get(`/v1/clusters/${c.id}`)).body.instance_groups[0].server_type_name).toBe("db1v8m32");
  });

  it("validates fault rules, lists and clears them", async () => {
    expect((await control("POST", "/faults", { kind: "explode" })).status).toBe(400);
    expect((await control("POST", "/faults", { kind: "status", status: 404 })).status).toBe(400);
    expect((await control("POST", "/faults", { kind: "status", path: "(" })).status).toBe(400);
    await control("POST", "/faults", { kind: "status", count: 3 });
    expect((await control("GET", "/faults")).body.faults).toHaveLength(1);
    await control("DELETE", "/faults");
    expect((await control("GET", "/faults")).body.faults).toEqual([]);
    expect((await api.get("/v1/clusters")).status).toBe(200);
  });
});

describe("reset and state", () => {
  it("state shows clusters and pending operations; reset clears everything", async () => {
    await api.post("/v1/clusters", createBody(ev164));
    await control("POST", "/faults", { kind: "status", count: 5, path: "^/never$" });
    const s = (await control("GET", "/state")).body;
    expect(s.services["scp-postgresql"].clusters).toHaveLength(1);
    expect(s.services["scp-postgresql"].clusters[0]).toMatchObject({ name: "orders", service_state: "CREATING" });
    expect(s.pendingOperations).toHaveLength(1);
    expect(s.faults).toHaveLength(1);
    expect((await control("POST", "/reset")).status).toBe(200);
    const after = (await control("GET", "/state")).body;
    expect(after.services["scp-postgresql"]).toEqual({ clusters: [], requests: [] });
    expect(after.pendingOperations).toEqual([]);
    expect(after.faults).toEqual([]);
    expect((await control("GET", "/requests")).body.requests).toEqual([]);
  });
});

describe("cli", () => {
  let cli: string;
  beforeAll(() => {
    cli = builtCli();
  }, 120_000);

  it("prints one JSON line with the URL, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0", "--step-ms", "10"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}`)));
    });
    const { url } = JSON.parse(line);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const clock = (await (await fetch(`${url}/_sim/clock`)).json()) as any;
    expect(clock).toMatchObject({ mode: "time", stepMs: 10 });
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
  }, 30_000);

  it("rejects unknown flags with exit code 2", () => {
    expect(() => execFileSync(process.execPath, [cli, "--bogus"], { stdio: "pipe" })).toThrow(/Command failed/);
  });
});
