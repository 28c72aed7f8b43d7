// End to end with the real Pulumi CLI on examples/selectel-postgresql against a simulator whose
// PostgreSQL datastores are real servers (--engines real): a Grant lets its user read the owner's
// table while a user without one is refused, config reaches the server (SHOW), a value PostgreSQL
// refuses fails the update with the server's reason, the Extension is in pg_extension, and destroy
// leaves no server running.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { startSim, type Sim } from "../support/sim";
import { configureSelectel } from "../support/selectel";

const APP_PASSWORD = "App-passw0rd";
const READER_PASSWORD = "Reader-passw0rd";
const OUTSIDER_PASSWORD = "Outsider-passw0rd";

let sim: Sim;
let project: PulumiProject;
let host = "";

async function sql(user: string, password: string, statement: string, database = "orders"): Promise<any[]> {
  const c = new Client({ host, port: 5433, user, password, database, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return (await c.query(statement)).rows;
  } finally {
    await c.end();
  }
}

const servers = async () => (await sim.state()).engines.pool.servers as Array<{ pid: number | null }>;
/** A process that exited but was not reaped yet (a zombie) counts as gone. */
const alive = (pid: number): boolean => {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

beforeAll(async () => {
  sim = await startSim({ stepMs: 200, engines: "real" });
  project = await PulumiProject.create("selectel-postgresql", packedTarball());
  await configureSelectel(project, sim);
  await project.config("userPassword", APP_PASSWORD, { secret: true });
  // Two more users: one granted the database, one not.
  const file = join(project.dir, "index.ts");
  writeFileSync(
    file,
    `${readFileSync(file, "utf8")}
const reader = new dbaas.selectel.User("reader", { clusterId: cluster.id, name: "reader", password: ${JSON.stringify(READER_PASSWORD)} });
new dbaas.selectel.Grant("reader-orders", { clusterId: cluster.id, databaseId: database.id, userId: reader.id });
new dbaas.selectel.User("outsider", { clusterId: cluster.id, name: "outsider", password: ${JSON.stringify(OUTSIDER_PASSWORD)} });
`,
  );
}, 900_000);

afterAll(async () => {
  await sim?.close();
});

describe("selectel-postgresql on real PostgreSQL servers with the real pulumi CLI", { timeout: 600_000 }, () => {
  it("up gives a server at the reported connection host: the grant lets reader read app's table, outsider is refused", async () => {
    await project.up();
    const out = await project.outputs();
    host = out.connection.MASTER;
    expect(host).toMatch(/^127\./);
    await sql("app", APP_PASSWORD, "CREATE TABLE items (name text); INSERT INTO items VALUES ('widget')");
    expect(await sql("reader", READER_PASSWORD, "SELECT name FROM items")).toEqual([{ name: "widget" }]);
    await expect(sql("outsider", OUTSIDER_PASSWORD, "SELECT name FROM items")).rejects.toThrow(/permission denied for database "orders"/);
  });

  it("the extension is in pg_extension and the config is what SHOW says", async () => {
    expect(await sql("app", APP_PASSWORD, "SELECT extname FROM pg_extension WHERE extname = 'pgcrypto'")).toEqual([
      { extname: "pgcrypto" },
    ]);
    expect(await sql("app", APP_PASSWORD, "SHOW work_mem")).toEqual([{ work_mem: "128kB" }]);
    await project.configJson("pgConfig", { work_mem: 4096, search_path: "app, public" });
    await project.up();
    expect(await sql("app", APP_PASSWORD, "SHOW work_mem")).toEqual([{ work_mem: "4MB" }]);
    expect(await sql("reader", READER_PASSWORD, "SHOW search_path")).toEqual([{ search_path: "app, public" }]);
  });

  it("a config value PostgreSQL refuses fails the update with the server's reason and changes nothing", async () => {
    await project.configJson("pgConfig", { work_mem: 4096, search_path: 'app, "public' });
    const r = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/config\.search_path.*invalid value for parameter \\?"search_path\\?"/);
    expect(await sql("app", APP_PASSWORD, "SHOW search_path")).toEqual([{ search_path: "app, public" }]);
  });

  it("destroy leaves no server running", async () => {
    const before = await servers();
    expect(before).toHaveLength(1);
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect(await servers()).toEqual([]);
    expect(alive(before[0].pid!)).toBe(false);
    await expect(sql("app", APP_PASSWORD, "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);
  });
});
