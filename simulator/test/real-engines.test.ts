/**
 * The real-engine layer (src/engines): an SCP PostgreSQL cluster backed by a real server
 * (endpoint, credentials, parameters, stop/start keeping data, delete removing server and data),
 * the bounded pool's error, the off switch, and cleanup when the simulator process is terminated.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src";
import { engineMode } from "../src/engines";
import { builtCli } from "./built";
import { ACCESS_KEY, createBody, SECRET_KEY, ScpClient } from "./helpers";

/** A process that exited but was not reaped yet (a zombie) counts as gone. */
const alive = (pid: number): boolean => {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

async function connect(host: string, port: number, user: string, password: string, database: string): Promise<Client> {
  const c = new Client({ host, port, user, password, database, connectionTimeoutMillis: 5000 });
  await c.connect();
  return c;
}

async function queryAs(endpoint: string, user: string, password: string, database: string, sql: string): Promise<any[]> {
  const [host, port] = endpoint.split(":");
  const c = await connect(host, Number(port), user, password, database);
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

const engines = (sim: Simulator) =>
  (sim.state() as any).engines.pool.servers as Array<{ key: string; endpoint: string; pid: number | null; running: boolean }>;

describe("real engines behind SCP PostgreSQL", () => {
  let sim: Simulator;
  let api: ScpClient;
  let ev: string;
  const PASSWORD = "S3cret-pass!";

  beforeAll(async () => {
    sim = await startSimulator({ scp: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, mode: "manual", engines: "real", maxEngines: 1 });
    api = new ScpClient(sim);
    ev = await api.engineVersionId("16.4");
  });
  afterAll(() => sim?.close());

  it(
    "a cluster's endpoint is a real server: credentials, parameters, stop/start keep data, a full " + "pool is refused, delete removes it",
    async () => {
      const created = await api.post(
        "/v1/clusters",
        createBody(ev, { init_config_option: { ...createBody(ev).init_config_option, backup_option: null } }),
      );
      expect(created.status).toBe(202);
      const id = created.body.resource.id;
      sim.advance(1);
      const show = (await api.get(`/v1/clusters/${id}`)).body;
      expect(show.service_state).toBe("RUNNING");
      const host = show.instance_groups[0].instances[0].service_ip_address;
      expect(host).toMatch(/^127\./);
      const endpoint = `${host}:2866`;

      // The create body's database, user and password work.
      const [who] = await queryAs(
        endpoint,
        "dbadmin",
        PASSWORD,
        "orders",
        "SELECT current_database() AS db, current_user AS usr, version() AS v",
      );
      expect(who).toMatchObject({ db: "orders", usr: "dbadmin" });
      expect(who.v).toMatch(/^PostgreSQL \d+/);
      await expect(queryAs(endpoint, "dbadmin", "wrong", "orders", "SELECT 1")).rejects.toThrow(/password authentication failed/);
      await queryAs(endpoint, "dbadmin", PASSWORD, "orders", "CREATE TABLE t (v int); INSERT INTO t VALUES (42)");

      // A parameter change is applied to the server.
      const params = (await api.get(`/v1/clusters/${id}/parameters`)).body.contents;
      const workMem = params.find((p: any) => p.name === "work_mem");
      expect(
        (
          await api.put(`/v1/clusters/${id}/parameters`, {
            parameters: [{ id: workMem.id, old_value: workMem.applied_value, new_value: "8192" }],
          })
        ).status,
      ).toBe(202);
      sim.advance(1);
      await api.get(`/v1/clusters/${id}`);
      expect((await queryAs(endpoint, "dbadmin", PASSWORD, "orders", "SHOW work_mem"))[0].work_mem).toBe("8MB");

      // The pool holds one server: a second cluster is refused with the reason.
      const second = await api.post("/v1/clusters", createBody(ev, { name: "second" }));
      expect(second.status).toBe(400);
      expect(second.body.errors[0].detail).toMatch(/pool is full: 1 of 1 PostgreSQL servers.*--engines api-only/);

      // Stop stops the server; start brings it back with its data.
      expect((await api.post(`/v1/clusters/${id}/stop`)).status).toBe(202);
      sim.advance(1);
      expect((await api.get(`/v1/clusters/${id}`)).body.service_state).toBe("STOPPED");
      await expect(queryAs(endpoint, "dbadmin", PASSWORD, "orders", "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);
      expect((await api.post(`/v1/clusters/${id}/start`)).status).toBe(202);
      sim.advance(1);
      expect((await api.get(`/v1/clusters/${id}`)).body.service_state).toBe("RUNNING");
      expect(await queryAs(endpoint, "dbadmin", PASSWORD, "orders", "SELECT v FROM t")).toEqual([{ v: 42 }]);
      expect((await queryAs(endpoint, "dbadmin", PASSWORD, "orders", "SHOW work_mem"))[0].work_mem).toBe("8MB");

      // Delete removes the server and its directory.
      const [server] = engines(sim);
      const root = (sim.state() as any).engines.pool.root as string;
      expect(server.pid).not.toBeNull();
      expect((await api.delete(`/v1/clusters/${id}`)).status).toBe(202);
      sim.advance(1);
      expect((await api.get(`/v1/clusters/${id}`)).status).toBe(404);
      expect(engines(sim)).toEqual([]);
      expect(alive(server.pid!)).toBe(false);
      expect(existsSync(join(root, server.key))).toBe(false);
    },
  );
});

describe("restore from a backup on real engines", () => {
  let sim: Simulator;
  let api: ScpClient;

  beforeAll(async () => {
    sim = await startSimulator({ scp: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, mode: "manual", engines: "real", maxEngines: 2 });
    api = new ScpClient(sim);
  });
  afterAll(() => sim?.close());

  it("the restored cluster has the data of backup time, not what was written after", async () => {
    const ev = await api.engineVersionId("16.4");
    const source = await api.post(
      "/v1/clusters",
      createBody(ev, { init_config_option: { ...createBody(ev).init_config_option, backup_option: null } }),
    );
    const id = source.body.resource.id;
    sim.advance(1);
    const host = (await api.get(`/v1/clusters/${id}`)).body.instance_groups[0].instances[0].service_ip_address;
    await queryAs(`${host}:2866`, "dbadmin", "S3cret-pass!", "orders", "CREATE TABLE t (v int); INSERT INTO t VALUES (1)");
    // Turning backups on records the first backup.
    expect(
      (await api.post(`/v1/clusters/${id}/backups`, { archive_frequency_minute: "60", retention_period_day: "7", starting_time_hour: "2" }))
        .status,
    ).toBe(202);
    sim.advance(1);
    const number = (await api.get(`/v1/clusters/${id}/backup-histories`)).body.contents[0].backup_history_number;
    await queryAs(`${host}:2866`, "dbadmin", "S3cret-pass!", "orders", "INSERT INTO t VALUES (2)");

    const r = await api.post(`/v1/clusters/${id}/restore`, {
      instance_name_prefix: "restored",
      name: "restored",
      server_type_name: "db1v2m4",
      backup_history_number: number,
    });
    expect(r.status).toBe(202);
    sim.advance(1);
    const restored = (await api.get(`/v1/clusters/${r.body.resource.id}`)).body;
    expect(restored.service_state).toBe("RUNNING");
    const restoredHost = restored.instance_groups[0].instances[0].service_ip_address;
    expect(restoredHost).not.toBe(host);
    expect(await queryAs(`${restoredHost}:2866`, "dbadmin", "S3cret-pass!", "orders", "SELECT v FROM t ORDER BY v")).toEqual([{ v: 1 }]);
    expect(await queryAs(`${host}:2866`, "dbadmin", "S3cret-pass!", "orders", "SELECT v FROM t ORDER BY v")).toEqual([{ v: 1 }, { v: 2 }]);
  });
});

describe("the off switch", () => {
  it("DBAAS_SIM_REAL_ENGINES picks the mode; an explicit option wins; a bad value is refused", () => {
    expect(engineMode(undefined, {})).toBe("api-only");
    expect(engineMode(undefined, { DBAAS_SIM_REAL_ENGINES: "1" })).toBe("real");
    expect(engineMode(undefined, { DBAAS_SIM_REAL_ENGINES: "0" })).toBe("api-only");
    expect(engineMode("api-only", { DBAAS_SIM_REAL_ENGINES: "1" })).toBe("api-only");
    expect(() => engineMode(undefined, { DBAAS_SIM_REAL_ENGINES: "maybe" })).toThrow(/DBAAS_SIM_REAL_ENGINES must be 1/);
  });

  it("api-only clusters report the simulated address and run no server", async () => {
    const sim = await startSimulator({ scp: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, mode: "manual", engines: "api-only" });
    try {
      const api = new ScpClient(sim);
      const r = await api.createRunning();
      expect(r.instance_groups[0].instances[0].service_ip_address).toMatch(/^10\./);
      expect((sim.state() as any).engines).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

/** The simulator CLI (dist/cli.js, built once per run) with real engines and one running cluster. */
async function cliWithCluster() {
  const cli = builtCli();
  const child = spawn(process.execPath, [cli, "--engines", "real", "--manual"], {
    env: { ...process.env, DBAAS_SIM_SCP_ACCESS_KEY: ACCESS_KEY, DBAAS_SIM_SCP_SECRET_KEY: SECRET_KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((res, rej) => {
    child.stdout.once("data", (b: Buffer) => res(JSON.parse(b.toString()).url));
    child.once("exit", (code) => rej(new Error(`simulator exited ${code}`)));
  });
  const control = (path: string, body?: unknown) =>
    fetch(`${url}/_sim/${path}`, {
      method: body ? "POST" : "GET",
      headers: { "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json());
  const api = new ScpClient({ url } as Simulator);
  const r = await api.post("/v1/clusters", createBody(await api.engineVersionId("16.4")));
  expect(r.status).toBe(202);
  await control("clock", { advance: 1 });
  await api.get(`/v1/clusters/${r.body.resource.id}`);
  const state = (await control("state")) as any;
  const pid = state.engines.pool.servers[0].pid as number;
  const root = state.engines.pool.root as string;
  expect(alive(pid)).toBe(true);
  expect(existsSync(root)).toBe(true);
  const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
  return { child, pid, root, exited };
}

describe("the simulator process", () => {
  // The build of dist/ can take a minute on a busy machine: outside the tests' own timeouts.
  beforeAll(() => void builtCli(), 600_000);

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} stops every real server and removes their directories before it exits`, async () => {
      const { child, pid, root, exited } = await cliWithCluster();
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(alive(pid)).toBe(false);
      expect(existsSync(root)).toBe(false);
    });
  }

  it("SIGKILL: the watchdog stops the servers and removes their directories", async () => {
    const { child, pid, root, exited } = await cliWithCluster();
    child.kill("SIGKILL");
    await exited;
    // The watchdog notices within a second and gives postgres a few to stop: wait for the outcome.
    for (let i = 0; i < 100 && (alive(pid) || existsSync(root)); i++) await new Promise((r) => setTimeout(r, 200));
    expect(alive(pid)).toBe(false);
    expect(existsSync(root)).toBe(false);
  });
});
