// The in-process scenarios every SCP engine's cluster goes through (runtime calls as `pulumi up`
// makes them, against the simulator), written once: each engine's file
// (test/integration/scp-<cluster|cachestore|eventstreams>.test.ts) creates its cluster with
// `scpClusterInProcess` and calls these in order between its own engine-specific steps, with the
// engine's values (the table of each step). The steps build on each other.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as runtime from "../../../src/runtime";
import type { DirectScpClient } from "../scp-client";
import type { ScpService } from "../../../src/scp/consts";
import { changeInPlace, checked, type Props } from "../lifecycle";
import { pointRuntimeAtSim, scpApi } from "../scp";
import { startSim, type Sim } from "../sim";
import { resizeOutOfBand } from "./scp-cluster";

export const KIND = "scp:Cluster";

/** A row of an in-place table: what is changed, the patch, the exact calls, and a check of the result. */
export type InPlaceRow = [name: string, patch: Props, calls: string[], then?: (c: ScpClusterInProcess) => unknown];

export type ScpClusterInProcess = ReturnType<typeof scpClusterInProcess>;

/**
 * A simulator for the file, the runtime pointed at it (the create journal in a fresh directory),
 * and the engine's cluster as the stack records it (id, outputs, checked inputs).
 */
export function scpClusterInProcess(service: ScpService, declared: Props, journalLabel: string) {
  beforeAll(async () => {
    c.sim = await startSim({ stepMs: 100 });
    pointRuntimeAtSim(c.sim, journalLabel);
  });
  afterAll(async () => {
    await c.sim?.close();
  });

  const c = {
    sim: undefined as unknown as Sim,
    id: "",
    outs: {} as Props,
    inputs: {} as Props,
    api: (): DirectScpClient => scpApi(c.sim, service),

    /** Applies `patch` as pulumi would and returns the mutating calls it made (test/support/lifecycle.ts). */
    async change(patch: Props): Promise<string[]> {
      const r = await changeInPlace(c.sim, KIND, c, patch);
      c.outs = r.live.outs;
      c.inputs = r.live.inputs;
      return r.calls;
    },

    /** `engine` checks what only this engine's outputs and create body show. */
    created(engine: (outs: Props, body: any) => void) {
      it(`creates the cluster with one POST to the ${service} service and waits until RUNNING`, async () => {
        c.inputs = await checked(KIND, declared);
        const created = await runtime.create(KIND, c.inputs);
        c.id = created.id;
        c.outs = created.outs;
        expect(c.id).toMatch(/^[0-9a-f]{32}$/);
        expect(c.outs.serviceState).toBe("RUNNING");
        expect(c.outs.softwareVersion).toBe(declared.engineVersion);
        expect(await c.sim.mutations()).toEqual(["POST /v1/clusters"]);
        const post = (await c.sim.requests()).find((r) => r.method === "POST")!;
        expect([post.service, post.path]).toEqual([`scp-${service}`, "/v1/clusters"]);
        // the request log redacts passwords
        for (const [key, value] of Object.entries(declared))
          if (/Password$/.test(key)) expect(JSON.stringify(post.body)).not.toContain(value);
        engine(c.outs, post.body);
      });
    },

    noDriftAfterCreate() {
      it("refresh right after create reports no drift", async () => {
        const r = await runtime.read(KIND, c.id, c.outs);
        expect(r.id).toBe(c.id);
        expect(r.inputs).toEqual(Object.fromEntries(Object.entries(c.inputs).filter(([k]) => !k.startsWith("__"))));
        expect(r.props).toEqual(c.outs);
        expect((await runtime.diff(KIND, c.id, r.props, c.inputs)).changes).toBe(false);
      });
    },

    /** `services`: the services asked, in order, until one has the id; `props`: what it finds, from the recorded outputs. */
    readById(services: ScpService[], props: (outs: Props) => Props) {
      it("a read by id alone (scp.Cluster.get) looks the id up in each service in turn, GETs only", async () => {
        await c.sim.clearRequests();
        const r = await runtime.read(KIND, c.id, {});
        expect(r.id).toBe(c.id);
        expect(r.props).toMatchObject({ engine: service, name: c.outs.name, serviceState: "RUNNING", ...props(c.outs) });
        // What the API never returns stays empty: no password, so no connection string (where the engine has one).
        if ("connectionString" in c.outs) expect(r.props.connectionString).toBe("");
        expect(await c.sim.mutations()).toEqual([]);
        expect([...new Set((await c.sim.requests()).map((q) => q.service))]).toEqual(services.map((s) => `scp-${s}`));
      });
    },

    inPlace(rows: InPlaceRow[]) {
      it.each(rows)("%s hits exactly its endpoint", async (_name, patch, calls, then) => {
        expect(await c.change(patch)).toEqual(calls);
        await then?.(c);
      });
    },

    backupUnmanaged() {
      it("backup left out → not managed: nothing planned, no call, the live schedule stays (an scp.BackupPolicy may own it)", async () => {
        const news = await checked(KIND, { ...c.inputs, backup: undefined }, c.inputs);
        expect((await runtime.diff(KIND, c.id, c.outs, news)).changes).toBe(false);
        await c.sim.clearRequests();
        const refreshed = await runtime.read(KIND, c.id, c.outs);
        expect(refreshed.props.backup).toBeDefined();
        expect((await runtime.diff(KIND, c.id, refreshed.props, news)).changes).toBe(false);
        expect(await c.sim.mutations()).toEqual([]);
        c.inputs = news;
      });
    },

    /**
     * `patch` is applied with the first operation matching `path` ending FAILED: `recorded` checks
     * the partial state the error carries; the resumed update makes exactly `calls`.
     */
    failedOperation(o: {
      patch: Props;
      path: string;
      recorded: (props: Props) => void;
      calls: string[];
      converged: (outs: Props) => void;
    }) {
      it("a failed operation is recorded as a partial failure and the next update converges", async () => {
        const news = await checked(KIND, { ...c.inputs, ...o.patch }, c.inputs);
        await c.sim.fault({ kind: "fail-operation", method: "POST", path: o.path, count: 1 });
        const err: any = await runtime.update(KIND, c.id, c.outs, news).catch((e) => e);
        await c.sim.clearFaults();
        expect(err.id).toBe(c.id);
        expect(err.reasons[0]).toMatch(/FAILED/);
        o.recorded(err.properties);
        // The engine keeps these properties; the next `up` calls update again from them.
        await c.sim.clearRequests();
        c.outs = (await runtime.update(KIND, c.id, err.properties, news)).outs;
        c.inputs = news;
        expect(await c.sim.mutations()).toEqual(o.calls);
        o.converged(c.outs);
      });
    },

    /** A console user resizes the group with `role` to `serverType`. */
    drift(role: (roleType: string) => boolean, serverType: string) {
      it("drift: an out-of-band resize shows in refresh, is reported (not undone) by an up that did not plan it, and put back after refresh", async () => {
        const declaredType = c.inputs.serverType;
        await resizeOutOfBand(c.api(), c.id, c.outs.instanceGroups.find((g: any) => role(g.roleType)).id, serverType);
        const refreshed = await runtime.read(KIND, c.id, c.outs);
        expect(refreshed.inputs!.serverType).toBe(serverType);
        expect(await runtime.diff(KIND, c.id, refreshed.props, c.inputs)).toMatchObject({ changes: true, replaces: [] });
        const news = await checked(KIND, { ...c.inputs, allowedIps: ["10.0.0.0/24"] }, c.inputs);
        await c.sim.clearRequests();
        c.outs = (await runtime.update(KIND, c.id, c.outs, news)).outs;
        c.inputs = news;
        expect(await c.sim.mutations()).toEqual(["POST /v1/clusters/{id}/security-group-rules"]);
        expect(c.outs.serverType).toBe(declaredType); // the state keeps its recorded value until refresh
        // After refresh records the drift, the next up puts the declared server type back.
        c.outs = (await runtime.read(KIND, c.id, c.outs)).props;
        const back = await checked(KIND, { ...c.inputs }, c.inputs);
        expect(await runtime.diff(KIND, c.id, c.outs, back)).toMatchObject({ changes: true, replaces: [] });
        await c.sim.clearRequests();
        c.outs = (await runtime.update(KIND, c.id, c.outs, back)).outs;
        expect(await c.sim.mutations()).toEqual(["POST /v1/instance-groups/{id}/resize"]);
        expect(c.outs.serverType).toBe(declaredType);
      });
    },

    /**
     * A cluster made outside Pulumi from `legacy` (the declared inputs, changed) through the API's
     * own create `body`; adopting it with `difference` declared is refused with `refusal`.
     */
    adopts(o: {
      legacy: Props;
      body: (api: DirectScpClient, program: Props) => Promise<unknown>;
      difference: Props;
      refusal: RegExp;
      adopted?: (outs: Props) => void;
    }) {
      it("adopts a cluster made outside Pulumi without creating one, refusing a declared difference", async () => {
        const api = c.api();
        const program = await checked(KIND, { ...declared, ...o.legacy });
        const accepted = await api.mutate("POST", "/v1/clusters", await o.body(api, program));
        const legacy = accepted.resource.id;
        await api.waitState(() => api.http.get(`/v1/clusters/${legacy}`) as any, "cluster legacy", "create", ["RUNNING"]);
        await c.sim.clearRequests();
        await expect(runtime.create(KIND, await checked(KIND, { ...program, ...o.difference, adopt: legacy }))).rejects.toThrow(o.refusal);
        const adopting = await checked(KIND, { ...program, adopt: legacy });
        const adopted = await runtime.create(KIND, adopting);
        expect(adopted.id).toBe(legacy);
        o.adopted?.(adopted.outs);
        expect(await c.sim.mutations()).toEqual([]);
        expect((await runtime.diff(KIND, legacy, adopted.outs, adopting)).changes).toBe(false);
        await runtime.remove(KIND, legacy, adopted.outs);
      });
    },

    deleted() {
      it("deletes, waits until the cluster is gone, and leaves nothing", async () => {
        await c.sim.clearRequests();
        await runtime.remove(KIND, c.id, c.outs);
        expect(await c.sim.mutations()).toEqual(["DELETE /v1/clusters/{id}"]);
        expect((await runtime.read(KIND, c.id, c.outs)).id).toBe("");
        const list: any = await c.api().http.get("/v1/clusters");
        expect(list.contents).toEqual([]);
        await runtime.remove(KIND, c.id, c.outs); // deleting what is gone is a success
      });
    },
  };
  return c;
}
