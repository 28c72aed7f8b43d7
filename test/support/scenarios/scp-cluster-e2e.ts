// The end-to-end scenarios every SCP engine's example goes through, written once and run over the
// engine table below: each engine's file (test/e2e/scp-<engine>.test.ts) calls them in order on its
// one stack, between its own engine-specific steps. The steps build on each other.
import { expect, it } from "vitest";
import type { ScpService } from "../../../src/scp/consts";
import type { PulumiProject } from "../pulumi";
import { SIM_SECRET_KEY, type Sim } from "../sim";
import { scpApi, useScpExample } from "../scp";
import { resizeOutOfBand } from "./scp-cluster";

export const CLUSTER = "pulumi-nodejs:dynamic/scp:Cluster";
/** The passphrase secrets provider's marker in an exported state: the secrets are there, encrypted. */
const ENCRYPTED = "4dabf18193072939515e22adb298388d";

export interface ScpE2eEngine {
  service: ScpService;
  /** examples/<example> */
  example: string;
  /** The cluster's name in the program. */
  resource: string;
  /** Secret program config, which the exported state must not hold (nor its URL-encoded form). */
  secrets: Record<string, string>;
  /** What `up` exports, for the test name, and the engine's own checks of the outputs. */
  exports: string;
  outputs: (out: Record<string, any>) => void;
  /** An in-place change of server type and allowed IPs (and more), and the calls that apply it. */
  inPlace: { config: Record<string, unknown>; calls: string[] };
  /** A change that only a new cluster can make. */
  replace: { key: string; value: string };
  /** The instance group a console user resizes, and the size. */
  drift: { group: (g: any) => boolean; serverType: string };
  /** A change whose operation the cloud ends FAILED once, and how the converged outputs show it. */
  failed: { config: Record<string, unknown>; path: string; calls: string[]; converged: (out: Record<string, any>) => void };
}

const ALLOWED_IPS = ["10.0.0.0/24", "192.168.0.0/16"];

export const SCP_E2E_ENGINES: Record<ScpService, ScpE2eEngine> = {
  postgresql: {
    service: "postgresql",
    example: "scp-postgresql",
    resource: "orders",
    secrets: { databasePassword: "E2e-db-passw0rd" },
    exports: "its outputs",
    outputs: (out) => {
      expect(out.serverType).toBe("db1v2m4");
      expect(out.connectionString).toContain("E2e-db-passw0rd");
    },
    inPlace: {
      config: { serverType: "db1v4m8", allowedIps: ALLOWED_IPS },
      calls: ["POST /v1/instance-groups/{id}/resize", "POST /v1/clusters/{id}/security-group-rules"],
    },
    replace: { key: "subnetId", value: "subnet-b" },
    drift: { group: () => true, serverType: "db1v8m16" },
    failed: {
      config: { serverType: "db1v4m16" },
      path: "/resize$",
      calls: ["POST /v1/instance-groups/{id}/resize"],
      converged: (out) => expect(out.serverType).toBe("db1v4m16"),
    },
  },
  cachestore: {
    service: "cachestore",
    example: "scp-cachestore",
    resource: "sessions",
    secrets: { databasePassword: "E2e-redis-passw0rd" },
    exports: "its endpoints and instances by role",
    outputs: (out) => {
      expect(out.endpoint).toBe(`${out.instances.MASTER[0].ipAddress}:6378`);
      expect(out.sentinelEndpoint).toBe(`${out.instances.SENTINEL[0].ipAddress}:26378`);
      expect(out.instances.REPLICA).toHaveLength(1);
      expect(out.connectionString).toBe(`redis://:${encodeURIComponent("E2e-redis-passw0rd")}@${out.instances.MASTER[0].ipAddress}:6378`);
    },
    inPlace: {
      // every in-place property of a CacheStore cluster at once
      config: {
        serverType: "redis1v4m16",
        blockStorages: [{ roleType: "DATA", sizeGb: 80 }],
        allowedIps: ALLOWED_IPS,
        maintenance: { dayOfWeek: "SUN", startTime: "02:30", durationHours: 2 },
        parameters: { "maxmemory-policy": "allkeys-lru" },
        commands: { CONFIG: "cfg-9f2" },
        backup: { retentionDays: 7, startHour: 3 },
      },
      calls: [
        "POST /v1/instance-groups/{id}/resize",
        "POST /v1/block-storage-groups/{id}/resize",
        "POST /v1/clusters/{id}/security-group-rules",
        "POST /v1/clusters/{id}/maintenance",
        "PUT /v1/clusters/{id}/parameters",
        "POST /v1/clusters/{id}/commands/sync",
        "PUT /v1/clusters/{id}/commands",
        "POST /v1/clusters/{id}/backups",
      ],
    },
    replace: { key: "replicaCount", value: "2" },
    drift: { group: (g) => g.role_type !== "SENTINEL", serverType: "redis1v8m32" },
    failed: {
      config: { serverType: "redis1v8m32" },
      path: "/resize$",
      calls: ["POST /v1/instance-groups/{id}/resize"],
      converged: (out) => expect(out.serverType).toBe("redis1v8m32"),
    },
  },
  eventstreams: {
    service: "eventstreams",
    example: "scp-eventstreams",
    resource: "events",
    secrets: { brokerSaslPassword: "E2e-br0ker-pass!", zookeeperSaslPassword: "E2e-z00keeper-pass!" },
    exports: "bootstrap servers and instances",
    outputs: (out) => {
      expect(out.bootstrapServers.split(",")).toHaveLength(3);
      expect(out.akhqUrl).toBe("");
      expect(Object.fromEntries(Object.entries(out.instances).map(([role, nodes]: [string, any]) => [role, nodes.length]))).toEqual({
        ZOOKEEPER_BROKER: 0,
        ZOOKEEPER: 3,
        BROKER: 3,
        AKHQ: 0,
      });
    },
    inPlace: {
      config: { serverType: "kafka1v4m16", allowedIps: ALLOWED_IPS },
      calls: [
        // one per instance group: ZooKeeper and brokers
        "POST /v1/instance-groups/{id}/resize",
        "POST /v1/instance-groups/{id}/resize",
        "POST /v1/clusters/{id}/security-group-rules",
      ],
    },
    // Not isCombined: with the 4 brokers of the steps before, a combined replacement is refused by
    // preview (the API creates a combined cluster with 1 or 3 nodes only).
    replace: { key: "instanceNamePrefix", value: "eventsb" },
    drift: { group: (g) => g.role_type === "BROKER", serverType: "kafka1v8m32" },
    failed: {
      config: { brokerCount: "5" },
      path: "/add-instances$",
      calls: ["POST /v1/clusters/{id}/add-instances"],
      converged: (out) => expect(out.bootstrapServers.split(",")).toHaveLength(5),
    },
  },
};

/**
 * One engine's stack (simulator, example installed from the packed tarball, README config) and its
 * shared scenarios, to be called in order inside the file's `describe`.
 */
export function scpClusterE2e(engine: ScpE2eEngine) {
  const t = {
    sim: undefined as unknown as Sim,
    project: undefined as unknown as PulumiProject,
    clusterId: "",
    api: () => scpApi(t.sim, engine.service),
    /** Our cluster's steps of `pulumi preview --json`. */
    plan: async () => (await t.project.plan()).filter((s) => s.type === CLUSTER),
    /** `up`, a clean preview after it, and the mutating calls `up` made. */
    upCalls: async () => {
      await t.sim.clearRequests();
      await t.project.up();
      const calls = await t.sim.mutations();
      await t.project.ok(["preview", "--expect-no-changes"]);
      return calls;
    },
    update: (changedKeys: string[]) => [{ op: "update", type: CLUSTER, name: engine.resource, changedKeys, replaceReasons: [] }],

    created() {
      it(`up creates the cluster with one POST and exports ${engine.exports}`, async () => {
        await t.project.up();
        const out = await t.project.outputs();
        t.clusterId = out.clusterId;
        expect(t.clusterId).toMatch(/^[0-9a-f]{32}$/);
        expect(out.serviceState).toBe("RUNNING");
        engine.outputs(out);
        expect(await t.sim.mutations()).toEqual(["POST /v1/clusters"]);
      });
    },

    clean() {
      it("a second preview shows no changes", async () => {
        await t.project.ok(["preview", "--expect-no-changes"]);
      });

      it("refresh after up shows no changes", async () => {
        await t.project.ok(["refresh", "--preview-only", "--expect-no-changes"]);
      });
    },

    inPlace() {
      const keys = Object.keys(engine.inPlace.config).sort();
      it(`preview of a change to ${keys.join(", ")} is an update of exactly those keys`, async () => {
        await t.project.configValues(engine.inPlace.config);
        expect(await t.plan()).toEqual(t.update(keys));
      });

      it("up applies them through exactly their endpoints, and leaves nothing to change", async () => {
        expect(await t.upCalls()).toEqual(engine.inPlace.calls);
        expect((await t.project.outputs()).serverType).toBe(engine.inPlace.config.serverType);
      });
    },

    replace() {
      const { key, value } = engine.replace;
      it(`a change to ${key} previews as a replace, with its reason`, async () => {
        await t.project.configValues({ [key]: value });
        const plan = await t.plan();
        expect(plan).toHaveLength(1);
        expect(plan[0].op).toBe("replace");
        expect(plan[0].replaceReasons).toEqual([key]);
        expect(plan[0].changedKeys).toEqual([key]);
        await t.project.configRm(key);
      });
    },

    drift() {
      it("refresh reports an out-of-band change, and up puts it back", async () => {
        const api = t.api();
        const c: any = await api.http.get(`/v1/clusters/${t.clusterId}`);
        await resizeOutOfBand(api, t.clusterId, c.instance_groups.find(engine.drift.group).id, engine.drift.serverType);

        const drift = await t.project.pulumi(["refresh", "--preview-only", "--expect-no-changes"]);
        expect(drift.code).not.toBe(0);
        expect(drift.stdout).toContain("serverType");
        await t.project.ok(["refresh", "--yes"]);
        expect(await t.plan()).toEqual(t.update(["serverType"]));
        expect(await t.upCalls()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
      });
    },

    failedOperation() {
      it("a failed operation leaves the resource in state and the next up converges", async () => {
        await t.project.configValues(engine.failed.config);
        await t.sim.fault({ kind: "fail-operation", method: "POST", path: engine.failed.path, count: 1 });
        const failed = await t.project.pulumi(["up", "--yes", "--skip-preview"]);
        expect(failed.code).not.toBe(0);
        expect(failed.stdout + failed.stderr).toMatch(/FAILED/);
        const state = JSON.parse(await t.project.exportState());
        expect(state.deployment.resources.find((r: any) => r.type === CLUSTER).id).toBe(t.clusterId);
        expect(await t.upCalls()).toEqual(engine.failed.calls);
        engine.failed.converged(await t.project.outputs());
      });
    },

    secretsStayOut() {
      it("the exported state holds neither the secret key nor the secret config", async () => {
        const state = await t.project.exportState();
        for (const secret of [SIM_SECRET_KEY, ...Object.values(engine.secrets).flatMap((s) => [s, encodeURIComponent(s)])]) {
          expect(state).not.toContain(secret);
        }
        expect(state).toContain(ENCRYPTED); // the secrets are there, encrypted
      });
    },

    destroyed() {
      it("destroy leaves nothing behind", async () => {
        await t.sim.clearRequests();
        await t.project.ok(["destroy", "--yes", "--skip-preview"]);
        expect(await t.sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
        const list: any = await t.api().http.get("/v1/clusters");
        expect(list.contents).toEqual([]);
      });
    },
  };
  useScpExample(engine.example, engine.secrets, (sim, project) => {
    t.sim = sim;
    t.project = project;
  });
  return t;
}
