// scp.Cluster (PostgreSQL) against the simulator, in process: the scenarios every engine shares
// (test/support/scenarios/scp-cluster-integration.ts: each in-place change hits exactly its
// endpoint(s), drift, a resumed failure, a confirmed delete) with this engine's values, what only
// PostgreSQL has, and the trust rules of issue 6.
import { describe, expect, it } from "vitest";
import * as runtime from "../../src/runtime";
import { DirectScpClient } from "../support/scp-client";
import { createBody } from "../support/scp-fixtures.js";
import { declaredOutputs } from "../support/declarations";
import { checked } from "../support/lifecycle";
import { KIND, scpClusterInProcess } from "../support/scenarios/scp-cluster-integration";

const declared = {
  engine: "postgresql",
  name: "orders",
  engineVersion: "16.4",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "orders",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  allowedIps: ["10.0.0.0/24"],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "Int-passw0rd",
};

// The create journal of these tests stays out of the user's cache.
const cluster = scpClusterInProcess("postgresql", declared, "scp-journal");

describe("scp.Cluster (postgresql) against the simulator", () => {
  cluster.created((outs, body) => {
    expect(outs.blockStorageIds).toHaveLength(1);
    expect(outs.connectionString).toContain("Int-passw0rd");
    expect(body.instance_groups[0].server_type_name).toBe("db1v2m4");
  });

  cluster.noDriftAfterCreate();

  it("every checked input is an output (defaults included), and every output is declared on scp.Cluster", () => {
    const { inputs, outs } = cluster;
    expect(Object.keys(inputs).filter((k) => !k.startsWith("__") && !(k in outs))).toEqual([]);
    expect(outs).toMatchObject({ timezone: "Asia/Seoul", databasePort: 2866, haEnabled: false, running: true });
    const declared = declaredOutputs("src/scp/generated/cluster.ts", "Cluster");
    expect(Object.keys(outs).filter((k) => !declared.includes(k))).toEqual([]);
  });

  cluster.readById(["postgresql"], (outs) => ({ endpoint: outs.endpoint, timezone: "Asia/Seoul" }));

  cluster.inPlace([
    ["serverType", { serverType: "db1v4m8" }, ["POST /v1/instance-groups/{id}/resize"]],
    [
      "block storage grow",
      { blockStorages: [{ roleType: "DATA", sizeGb: 112, volumeType: "SSD" }] },
      ["POST /v1/block-storage-groups/{id}/resize"],
    ],
    [
      "block storage add",
      {
        blockStorages: [
          { roleType: "DATA", sizeGb: 112, volumeType: "SSD" },
          { roleType: "ARCHIVE", sizeGb: 56, volumeType: "SSD" },
        ],
      },
      ["POST /v1/instance-groups/{id}/block-storage-groups"],
    ],
    ["allowedIps", { allowedIps: ["10.0.0.0/24", "192.168.10.0/24"] }, ["POST /v1/clusters/{id}/security-group-rules"]],
    [
      "maintenance set",
      { maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 } },
      ["POST /v1/clusters/{id}/maintenance"],
    ],
    ["maintenance unset", { maintenance: undefined }, ["DELETE /v1/clusters/{id}/maintenance"]],
    ["parameters", { parameters: { max_connections: "200" } }, ["PUT /v1/clusters/{id}/parameters"]],
    ["auditLog", { auditLog: true }, ["PUT /v1/clusters/{id}/audit-log"]],
    ["backup set", { backup: { retentionDays: 14, startHour: 3, archiveFrequencyMinutes: 30 } }, ["POST /v1/clusters/{id}/backups"]],
    ["stop", { running: false }, ["POST /v1/clusters/{id}/stop"]],
    ["start", { running: true }, ["POST /v1/clusters/{id}/start"]],
    ["minor version", { engineVersion: "16.6" }, ["PUT /v1/clusters/{id}/patch"]],
  ]);

  cluster.backupUnmanaged();

  it("several changes run in the declared order, one endpoint each", async () => {
    const calls = await cluster.change({ auditLog: false, serverType: "db1v2m4", allowedIps: ["10.0.0.0/24"] });
    expect(calls).toEqual([
      "POST /v1/instance-groups/{id}/resize",
      "POST /v1/clusters/{id}/security-group-rules",
      "PUT /v1/clusters/{id}/audit-log",
    ]);
  });

  it("sends the set difference of allowed IPs", async () => {
    await cluster.change({ allowedIps: ["172.16.0.0/16"] });
    const rules = (await cluster.sim.requests()).find((r) => r.path.endsWith("/security-group-rules"))!;
    expect(rules.body).toEqual({ add_ip_addresses: ["172.16.0.0/16"], del_ip_addresses: ["10.0.0.0/24"] });
  });

  it("a removed parameter goes back to its default", async () => {
    await cluster.change({ parameters: {} });
    const put = (await cluster.sim.requests()).find((r) => r.method === "PUT" && r.path.endsWith("/parameters"))!;
    expect(put.body.parameters).toHaveLength(1);
    expect(put.body.parameters[0].old_value).toBe("200");
  });

  cluster.failedOperation({
    patch: { serverType: "db1v4m8" },
    path: "/resize$",
    recorded: (props) => expect(props.serverType).toBe("db1v2m4"), // the live value: the change did not happen
    calls: ["POST /v1/instance-groups/{id}/resize"],
    converged: (outs) => expect(outs.serverType).toBe("db1v4m8"),
  });

  it("a create the cloud ends FAILED is recorded with its id and marked: diff answers a delete-first replacement with the reason, and the FAILED cluster can be deleted", async () => {
    await cluster.sim.fault({ kind: "fail-operation", method: "POST", path: "^/v1/clusters$", count: 1 });
    const failing = await checked(KIND, { ...declared, name: "failing" });
    const err: any = await runtime.create(KIND, failing).catch((e) => e);
    expect(err.id).toMatch(/^[0-9a-f]{32}$/);
    expect(err.reasons[0]).toMatch(/create of cluster failing failed: state FAILED.*the next `pulumi up` deletes it and creates it again/);
    expect(err.properties).toMatchObject({
      name: "failing",
      serviceState: "FAILED",
      __createFailed: { state: "FAILED", reason: expect.stringMatching(/state FAILED/) },
    });
    // The engine keeps the resource with init errors and asks diff with the recorded outputs.
    const warned: string[] = [];
    const log = console.log;
    console.log = (line: string) => warned.push(line);
    const d = await runtime.diff(KIND, err.id, err.properties, failing).finally(() => (console.log = log));
    expect(d).toEqual({ changes: true, replaces: ["__createFailed"], deleteBeforeReplace: true });
    expect(warned).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning: scp:Cluster failing \\(${err.id}\\) ended FAILED during create \\(.*state FAILED.*\\): \`pulumi up\` deletes it and creates it again$`,
        ),
      ),
    ]);
    // A state without the mark (written before failed creates were marked) is not replaced unasked:
    // the resumed update names the commands that repair it.
    const { __createFailed: _mark, ...unmarked } = err.properties;
    const resumed: any = await runtime.update(KIND, err.id, unmarked, failing).catch((e) => e);
    expect(resumed.reasons[0]).toMatch(
      /resume of cluster \S+ failed: state FAILED.* is FAILED: it cannot be changed in place.*`pulumi stack --show-urns`, then run `pulumi up --replace '<urn>'`/,
    );
    // A refresh keeps the mark while the object is still the failed one.
    expect((await runtime.read(KIND, err.id, err.properties)).props.__createFailed).toEqual(err.properties.__createFailed);
    // Delete-first replacement: the FAILED cluster is deleted, then the same name is created.
    await runtime.remove(KIND, err.id, err.properties);
    expect((await runtime.read(KIND, err.id, err.properties)).id).toBe("");
    const again = await runtime.create(KIND, failing);
    expect(again.outs.serviceState).toBe("RUNNING");
    expect(again.outs).not.toHaveProperty("__createFailed");
    await runtime.remove(KIND, again.id, again.outs);
  });

  cluster.drift(() => true, "db1v8m16");

  cluster.deleted();
});

// ---- issue 6: nothing orphaned, duplicated or forgotten; every bad input refused up front -----

describe("scp.Cluster trust (issue 6)", () => {
  const api = () => DirectScpClient.for({ config: () => undefined, log: () => {}, warn: () => {} }, "postgresql");
  const live = async (clusterId: string) => await api().http.get(`/v1/clusters/${clusterId}`);

  /** A cluster made outside Pulumi, RUNNING. */
  async function outOfBand(name: string): Promise<string> {
    const a = api();
    const accepted = await a.mutate("POST", "/v1/clusters", await createBody(a, { name, prefix: name.toLowerCase() }));
    await a.waitState(() => a.http.get(`/v1/clusters/${accepted.resource.id}`) as any, name, "create", ["RUNNING"]);
    return accepted.resource.id;
  }

  /** A program's cluster, created through the provider. */
  async function created(name: string, patch: Record<string, unknown> = {}) {
    const ins = await checked(KIND, { ...declared, name, instanceNamePrefix: name.toLowerCase(), ...patch });
    const r = await runtime.create(KIND, ins);
    return { id: r.id, outs: r.outs, inputs: ins };
  }

  describe("§2 create looks the name up first", () => {
    it("an existing cluster of that name stops the create before any mutating call, with the fix", async () => {
      const taken = await outOfBand("taken");
      await cluster.sim.clearRequests();
      const err: any = await runtime.create(KIND, await checked(KIND, { ...declared, name: "taken" })).catch((e) => e);
      expect(err.message).toContain(
        `cluster taken already exists and this resource did not create it: ${taken} (state RUNNING, created 20`,
      );
      expect(err.message).toContain(`adopt: "${taken}"`);
      expect(await cluster.sim.mutations()).toEqual([]);
      const byName = (await cluster.sim.requests()).find((r) => r.path.endsWith("/v1/clusters"));
      expect(byName?.query).toMatchObject({ name: "taken" });
    });

    it("a cluster whose name only contains this name does not block (the list's name filter may match substrings)", async () => {
      await outOfBand("similarname");
      const c = await created("similar");
      expect(c.outs.serviceState).toBe("RUNNING");
      await runtime.remove(KIND, c.id, c.outs);
    });

    it("a POST whose answer is lost after it applied continues with the cluster the API shows: one cluster, in state", async () => {
      await cluster.sim.clearRequests();
      await cluster.sim.fault({ kind: "drop-after-apply", method: "POST", path: "^/v1/clusters$", count: 1 });
      const c = await created("lostanswer");
      expect(c.outs.serviceState).toBe("RUNNING");
      expect(await cluster.sim.mutations()).toEqual(["POST /v1/clusters"]);
      const list: any = await api().http.get("/v1/clusters", { query: { name: "lostanswer" } });
      expect(list.contents.map((x: any) => x.id)).toEqual([c.id]);
      await runtime.remove(KIND, c.id, c.outs);
    });

    it("a create interrupted after its POST is taken over by the same resource, never by another", async () => {
      const owner = { __owner: "scp-trust-owner-1" };
      const ins = await checked(KIND, { ...declared, name: "interrupted", instanceNamePrefix: "interrupted" });
      // The wait is cut short (as by a kill): the journal keeps the id, the engine may not.
      await cluster.sim.clock({ mode: "manual" });
      process.env.DBAAS_WAIT_TIMEOUT_S = "1";
      const cut: any = await runtime.create(KIND, { ...ins, ...owner }).catch((e) => e);
      delete process.env.DBAAS_WAIT_TIMEOUT_S;
      await cluster.sim.clock({ mode: "time", stepMs: 100 });
      expect(cut.id).toMatch(/^[0-9a-f]{32}$/);
      await cluster.sim.clearRequests();
      const other: any = await runtime.create(KIND, { ...ins, __owner: "scp-trust-owner-2" }).catch((e) => e);
      expect(other.message).toContain(`adopt: "${cut.id}"`);
      const again = await runtime.create(KIND, { ...ins, ...owner });
      expect(again.id).toBe(cut.id);
      expect(again.outs.serviceState).toBe("RUNNING");
      expect(await cluster.sim.mutations()).toEqual([]);
      await runtime.remove(KIND, again.id, again.outs);
    });
  });

  describe("§3 only the API's own 404 means gone", () => {
    it("destroy against a missing DELETE route (the gateway's 404) fails, names the URL, and the cluster stays", async () => {
      const c = await created("noroute");
      await cluster.sim.fault({ kind: "gateway-404", method: "DELETE", path: "^/v1/clusters/[0-9a-f]{32}$", count: 1 });
      const err: any = await runtime.remove(KIND, c.id, c.outs).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toContain(`/scp/postgresql/v1/clusters/${c.id}`);
      expect(err.message).toContain("check scp:endpoint, scp:region and scp:environment");
      expect((await live(c.id)).service_state).toBe("RUNNING");
      // The engine keeps the resource; the next destroy, with the route back, removes it.
      await runtime.remove(KIND, c.id, c.outs);
      expect((await runtime.read(KIND, c.id, c.outs)).id).toBe("");
    });

    it("a DELETE whose answer is lost after it applied: the retry's answer is checked by a read, and delete succeeds", async () => {
      const c = await created("lostdelete");
      await cluster.sim.clock({ stepMs: 1000 }); // the retry meets the cluster still TERMINATING (CLUSTER_BUSY)
      await cluster.sim.clearRequests();
      await cluster.sim.fault({ kind: "drop-after-apply", method: "DELETE", path: "^/v1/clusters/[0-9a-f]{32}$", count: 1 });
      try {
        await runtime.remove(KIND, c.id, c.outs);
      } finally {
        await cluster.sim.clock({ stepMs: 100 });
      }
      const deletes = (await cluster.sim.requests()).filter((r) => r.method === "DELETE");
      expect(deletes.map((r) => [r.status, (r as any).answerDropped ?? false])).toEqual([
        [202, true],
        [400, false],
      ]);
      expect((await runtime.read(KIND, c.id, c.outs)).id).toBe("");
    });

    it("refresh with a wrong endpoint prefix fails instead of dropping the cluster from the state", async () => {
      const c = await created("wrongprefix");
      process.env.SCP_ENDPOINT = `${cluster.sim.url}/scp/v2/{service}`;
      try {
        const err: any = await runtime.read(KIND, c.id, c.outs).catch((e) => e);
        expect(err).toBeInstanceOf(Error);
        expect(err.message).toMatch(
          /HTTP 404[\s\S]*not the API's not-found answer, so http:\S+\/scp\/v2\/postgresql\/v1\/clusters\/[0-9a-f]{32} may not be the right endpoint \(check scp:endpoint/,
        );
      } finally {
        process.env.SCP_ENDPOINT = cluster.sim.scpEndpoint;
      }
      expect((await runtime.read(KIND, c.id, c.outs)).id).toBe(c.id);
      await runtime.remove(KIND, c.id, c.outs);
    });
  });

  describe("§4 a retried PUT whose first answer was lost", () => {
    let c: Awaited<ReturnType<typeof created>>;
    const update = async (patch: Record<string, unknown>) => {
      const news = await checked(KIND, { ...c.inputs, ...patch }, c.inputs);
      const outs = (await runtime.update(KIND, c.id, c.outs, news)).outs;
      c = { ...c, outs, inputs: news };
      return outs;
    };

    it.each([
      ["auditLog", { auditLog: true }, "/audit-log$", (o: any) => o.auditLog === true],
      ["parameters", { parameters: { max_connections: 300 } }, "/parameters$", (o: any) => o.parameters.max_connections === "300"],
    ])("%s: the retry meets CLUSTER_BUSY, the change is verified and the update succeeds", async (_name, patch, path, ok) => {
      c ??= await created("retried");
      // Long steps: the retry certainly arrives while the first attempt's operation still runs.
      await cluster.sim.clock({ stepMs: 1000 });
      await cluster.sim.clearRequests();
      await cluster.sim.fault({ kind: "drop-after-apply", method: "PUT", path, count: 1 });
      try {
        expect(ok(await update(patch))).toBe(true);
      } finally {
        await cluster.sim.clock({ stepMs: 100 });
      }
      const puts = (await cluster.sim.requests()).filter((r) => r.method === "PUT");
      expect(puts.map((r) => [r.status, (r as any).answerDropped ?? false, r.status === 400 ? "busy" : ""])).toEqual([
        [202, true, ""],
        [400, false, "busy"],
      ]);
    });

    it("a busy retry whose change did not apply still fails", async () => {
      // The first attempt is accepted but its operation ends FAILED, and its answer is lost: the
      // retry meets that operation (CLUSTER_BUSY), and after it the value is still the old one.
      await cluster.sim.clock({ stepMs: 1000 });
      try {
        await cluster.sim.fault({ kind: "drop-after-apply", method: "PUT", path: "/audit-log$", count: 1 });
        await cluster.sim.fault({ kind: "fail-operation", method: "PUT", path: "/audit-log$", count: 1 });
        const err: any = await update({ auditLog: false }).catch((e) => e);
        expect(err?.reasons?.[0]).toMatch(/PUT \/v1\/clusters\/[0-9a-f]{32}\/audit-log failed: HTTP 400 CLUSTER_BUSY/);
        expect(err.id).toBe(c.id);
      } finally {
        await cluster.sim.clock({ stepMs: 100 });
      }
      expect((await live(c.id)).init_config_option.audit_enabled).toBe(true);
      await runtime.remove(KIND, c.id, c.outs);
    });
  });

  describe("§5 every bad input is refused before the first mutating call", () => {
    let c: Awaited<ReturnType<typeof created>>;
    const shown = (failures: { property: string; reason: string }[]) => failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
    /**
     * Refused by `check` (so preview shows it) when `inCheck` is given, and by `up`'s own check
     * before its first mutating call in any case (the second line of defence).
     */
    const refusedUpdate = async (patch: Record<string, unknown>, message: RegExp, inCheck?: RegExp) => {
      c ??= await created("refusals");
      await cluster.sim.clearRequests();
      const r = await runtime.check(KIND, c.inputs, { ...c.inputs, ...patch });
      if (inCheck) expect(shown(r.failures)).toMatch(inCheck);
      else expect(r.failures).toEqual([]);
      const err: any = await runtime.update(KIND, c.id, c.outs, r.inputs).catch((e) => e);
      expect(err.reasons?.[0] ?? err.message).toMatch(message);
      expect(await cluster.sim.mutations()).toEqual([]);
    };
    const refusedCreate = async (patch: Record<string, unknown>, message: RegExp) => {
      await cluster.sim.clearRequests();
      const r = await runtime.check(KIND, {}, { ...declared, name: "refused", ...patch });
      expect(shown(r.failures)).toMatch(message);
      const err: any = await runtime.create(KIND, r.inputs).catch((e) => e);
      expect(err.message).toMatch(message);
      expect(await cluster.sim.mutations()).toEqual([]);
    };

    it.each([
      [
        "an unknown parameter",
        { parameters: { max_connection: 200 } },
        /parameters\.max_connection: is not a parameter of PostgreSQL 16\.4/,
      ],
      // Before the cluster exists only defaults are published: the kind of value follows the default.
      [
        "a parameter value that is not a number where the default is one",
        { parameters: { max_connections: "lots" } },
        /parameters\.max_connections: "lots" is not a whole number \(the default is 100\)/,
      ],
      [
        "a parameter value that is not a switch where the default is one",
        { parameters: { autovacuum: "maybe" } },
        /parameters\.autovacuum: "maybe" is not on or off \(the default is on\)/,
      ],
      [
        "an engine version the API does not offer",
        { engineVersion: "16.5" },
        /engineVersion: PostgreSQL 16\.5 is not offered; available: .*16\.4/,
      ],
      ["a server type the API does not offer", { serverType: "db9v9m9" }, /serverType: db9v9m9 is not an SCP server type/],
    ])("create: %s (refused in check)", async (_name, patch, message) => refusedCreate(patch, message));

    it.each([
      // Each together with a valid server type change, which runs first: it must not be sent either.
      [
        "a parameter value of the wrong type",
        { serverType: "db1v4m8", parameters: { max_connections: "lots" } },
        /parameters\.max_connections: "lots" is not an integer/,
        /parameters\.max_connections: "lots" is not a whole number/,
      ],
      // Ranges, choices and fixed parameters are in the cluster's own list only: `up` checks them before its first call.
      [
        "a parameter value outside its range",
        { serverType: "db1v4m8", parameters: { max_connections: 1 } },
        /parameters\.max_connections: "1" is outside 25\.\.5000/,
      ],
      [
        "a value not among the allowed ones",
        { serverType: "db1v4m8", parameters: { log_statement: "everything" } },
        /log_statement: "everything" is not one of none, ddl, mod, all/,
      ],
      [
        "a parameter the service manages",
        { serverType: "db1v4m8", parameters: { shared_buffers: 32768 } },
        /shared_buffers: is managed by the service/,
      ],
      [
        "an unknown parameter",
        { serverType: "db1v4m8", parameters: { nope: 1 } },
        /parameters\.nope: is not a parameter of this cluster/,
        /parameters\.nope: is not a parameter of PostgreSQL/,
      ],
      [
        "a minor version the API does not offer",
        { serverType: "db1v4m8", engineVersion: "16.9" },
        /engineVersion: PostgreSQL 16\.9 is not offered/,
        /engineVersion: PostgreSQL 16\.9 is not offered/,
      ],
      [
        "a server type the API does not offer",
        { serverType: "db9v9m9" },
        /serverType: db9v9m9 is not an SCP server type/,
        /serverType: db9v9m9 is not an SCP server type/,
      ],
    ])("update: %s", async (_name, patch, message, inCheck) => refusedUpdate(patch, message, inCheck));

    it("a cluster id that is not an SCP id never reaches a URL", async () => {
      await cluster.sim.clearRequests();
      for (const bad of ["../users/x", `${"a".repeat(32)}#x`, `${"a".repeat(32)}/../x`, "A".repeat(32)]) {
        await expect(runtime.read(KIND, bad, c.outs)).rejects.toThrow(/is not an SCP id \(32 hex characters\)/);
        await expect(runtime.remove(KIND, bad, c.outs)).rejects.toThrow(/is not an SCP id/);
      }
      expect(await cluster.sim.requests()).toEqual([]);
    });

    it.each([
      ["SCP_REGION", "attacker.example/x?", /scp:region \(or SCP_REGION\) "attacker\.example\/x\?" is not a region name/],
      ["SCP_ENVIRONMENT", "e.attacker.example#", /scp:environment \(or SCP_ENVIRONMENT\) .* is not an environment name/],
      ["SCP_ENDPOINT", "http://127.0.0.1:1/scp/{service}?x=", /scp:endpoint \(or SCP_ENDPOINT\) .* is not an http\(s\) base URL/],
    ])("%s=%s is refused naming the key, with no request sent", async (variable, value, message) => {
      const someId = "0123456789abcdef0123456789abcdef";
      const saved = process.env[variable];
      process.env[variable] = value;
      await cluster.sim.clearRequests();
      try {
        const r = await runtime.check(KIND, {}, { ...declared, name: "badconfig" });
        expect(r.failures.map((f) => f.reason).join("\n")).toMatch(message);
        await expect(runtime.create(KIND, r.inputs)).rejects.toThrow(message);
        await expect(runtime.read(KIND, someId, {})).rejects.toThrow(message);
        await expect(runtime.remove(KIND, someId, {})).rejects.toThrow(message);
      } finally {
        if (saved === undefined) delete process.env[variable];
        else process.env[variable] = saved;
      }
      expect(await cluster.sim.requests()).toEqual([]);
    });

    it("leaves nothing behind", async () => {
      await runtime.remove(KIND, c.id, c.outs);
      const list: any = await api().http.get("/v1/clusters");
      expect(
        list.contents
          .filter((x: any) => x.service_state !== "TERMINATED")
          .map((x: any) => x.name)
          .sort(),
      ).toEqual(["similarname", "taken"]);
    });
  });
});
