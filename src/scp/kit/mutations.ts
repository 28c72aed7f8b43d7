// The in-place changes every SCP engine makes the same way, one factory per endpoint family. Each
// mutation computes its call from the live outputs and the target inputs (core/resource.ts), names
// its endpoint rows from the engine's table, and waits for the request and then the cluster.

import type { Mutation } from "../../core/resource";
import { assertParameterValues, clusterParameters, type ClusterParameter } from "../catalog";
import type { ScpClient } from "../client";
import { clientFor, clusterLabel, getCluster, putMaybeApplied, waitAccepted, type ClusterShape, type ScpEngine } from "./cluster";
import { sendMutation } from "./endpoints";
import type { KitInputs, KitOutputs } from "./rows";
import { maintenanceBody } from "./translate";

type KitMutation<I extends KitInputs, O extends KitOutputs & KitInputs> = Mutation<I, O>;

/** Joins a mutation's rows for its `endpoint` text (the reference table splits on "; "). */
const rows = (...keys: string[]) => keys.join("; ");

/** Resizes every data instance group whose server type differs (`isData` picks them: sentinels keep their own). */
export function serverTypeMutation<I extends KitInputs, O extends KitOutputs & KitInputs>(
  engine: ScpEngine<any>,
  isData: (roleType: string) => boolean = () => true,
): KitMutation<I, O> {
  const key = "POST /v1/instance-groups/{instance_group_id}/resize";
  return {
    name: "serverType",
    endpoint: key,
    async apply(ctx, id, live, desired) {
      const api = clientFor(ctx, engine);
      let seen: ClusterShape | undefined;
      for (const g of live.instanceGroups.filter((g) => isData(g.roleType) && g.serverType !== desired.serverType)) {
        const accepted = await sendMutation(api, engine.endpoints, key, {
          params: { instance_group_id: g.id },
          body: { server_type_name: desired.serverType },
        });
        seen = await waitAccepted(api, engine, id, accepted, clusterLabel(desired), `server type ${g.serverType} → ${desired.serverType}`);
      }
      return seen;
    },
  };
}

/**
 * Grows block storages in place; `add` (an engine that has an add endpoint) appends new ones to the
 * data instance group. Without it, the field row makes an added block storage a replacement.
 */
export function blockStoragesMutation<I extends KitInputs, O extends KitOutputs & KitInputs>(
  engine: ScpEngine<any>,
  add?: { endpoint: string; isData: (roleType: string) => boolean },
): KitMutation<I, O> {
  const grow = "POST /v1/block-storage-groups/{block_storage_group_id}/resize";
  return {
    name: "blockStorages",
    endpoint: add ? rows(`${grow} (grow)`, `${add.endpoint} (add)`) : grow,
    async apply(ctx, id, live, desired) {
      const api = clientFor(ctx, engine);
      let seen: ClusterShape | undefined;
      for (let i = 0; i < live.blockStorages.length; i++) {
        const want = desired.blockStorages[i];
        if (want && want.sizeGb > live.blockStorages[i].sizeGb) {
          const accepted = await sendMutation(api, engine.endpoints, grow, {
            params: { block_storage_group_id: live.blockStorageIds[i] },
            body: { size_gb: want.sizeGb },
          });
          seen = await waitAccepted(api, engine, id, accepted, clusterLabel(desired), `block storage ${i} → ${want.sizeGb} GB`);
        }
      }
      if (!add) return seen;
      const group = live.instanceGroups.find((g) => add.isData(g.roleType)) ?? live.instanceGroups[0];
      for (const extra of desired.blockStorages.slice(live.blockStorages.length)) {
        const accepted = await sendMutation(api, engine.endpoints, add.endpoint, {
          params: { instance_group_id: group.id },
          body: { role_type: extra.roleType, size_gb: extra.sizeGb, volume_type: extra.volumeType },
        });
        seen = await waitAccepted(api, engine, id, accepted, clusterLabel(desired), `add ${extra.roleType} block storage`);
      }
      return seen;
    },
  };
}

export function allowedIpsMutation<I extends KitInputs, O extends KitOutputs & KitInputs>(engine: ScpEngine<any>): KitMutation<I, O> {
  const key = "POST /v1/clusters/{cluster_id}/security-group-rules";
  return {
    name: "allowedIps",
    endpoint: key,
    async apply(ctx, id, live, desired) {
      const api = clientFor(ctx, engine);
      const add = desired.allowedIps.filter((ip) => !live.allowedIps.includes(ip));
      const del = live.allowedIps.filter((ip) => !desired.allowedIps.includes(ip));
      const accepted = await sendMutation(api, engine.endpoints, key, {
        params: { cluster_id: id },
        body: { add_ip_addresses: add, del_ip_addresses: del },
      });
      return waitAccepted(api, engine, id, accepted, clusterLabel(desired), "allowed IPs");
    },
  };
}

/**
 * A setting the API sets with a POST and removes with a DELETE of the same path (maintenance
 * window, backup schedule): POST with the engine's body when the program declares it, DELETE when not.
 */
function setOrUnsetMutation<I extends KitInputs, O extends KitOutputs & KitInputs, V>(
  engine: ScpEngine<any>,
  name: string,
  path: string,
  value: (desired: I) => V | undefined,
  body: (value: V) => unknown,
  operation: string,
): KitMutation<I, O> {
  const set = `POST ${path}`;
  const unset = `DELETE ${path}`;
  return {
    name,
    endpoint: rows(set, unset),
    async apply(ctx, id, _live, desired) {
      const api = clientFor(ctx, engine);
      const params = { cluster_id: id };
      const v = value(desired);
      const accepted =
        v !== undefined
          ? await sendMutation(api, engine.endpoints, set, { params, body: body(v) })
          : await sendMutation(api, engine.endpoints, unset, { params });
      return waitAccepted(api, engine, id, accepted, clusterLabel(desired), operation);
    },
  };
}

export const maintenanceMutation = <I extends KitInputs, O extends KitOutputs & KitInputs>(engine: ScpEngine<any>) =>
  setOrUnsetMutation<I, O, NonNullable<KitInputs["maintenance"]>>(
    engine,
    "maintenance",
    "/v1/clusters/{cluster_id}/maintenance",
    (d) => d.maintenance,
    maintenanceBody,
    "maintenance window",
  );

/** Backup set/unset; `body` is the engine's (PostgreSQL has an archive frequency, CacheStore none). */
export const backupMutation = <I extends KitInputs & { backup?: B }, O extends KitOutputs & I, B>(
  engine: ScpEngine<any>,
  body: (backup: B) => unknown,
) => setOrUnsetMutation<I, O, B>(engine, "backup", "/v1/clusters/{cluster_id}/backups", (d) => d.backup, body, "backup");

/** The `PUT …/parameters` changes that take the cluster from its current values to `desired`. */
export function parameterChanges(all: ClusterParameter[], live: KitInputs, desired: KitInputs) {
  const changes: { id: string; old_value: string; new_value: string }[] = [];
  const [now, want] = [live.parameters ?? {}, desired.parameters ?? {}];
  const names = new Set([...Object.keys(now), ...Object.keys(want)]);
  for (const name of names) {
    const p = all.find((x) => x.name === name);
    if (!p) continue; // a key the program no longer declares and the cluster does not have
    // A key removed from the program goes back to the engine default.
    const target = want[name] ?? p.default_value;
    if (p.applied_value !== target) changes.push({ id: p.id, old_value: p.applied_value, new_value: target });
  }
  return changes;
}

export function parametersMutation<I extends KitInputs, O extends KitOutputs & KitInputs>(engine: ScpEngine<any>): KitMutation<I, O> {
  const key = "PUT /v1/clusters/{cluster_id}/parameters";
  return {
    name: "parameters",
    endpoint: key,
    async apply(ctx, id, live, desired) {
      const api = clientFor(ctx, engine);
      const all = await clusterParameters(api, id);
      assertParameterValues(all, desired.parameters ?? {});
      const changes = parameterChanges(all, live, desired);
      if (changes.length === 0) return;
      return putMaybeApplied(
        ctx,
        engine,
        id,
        key,
        { parameters: changes },
        clusterLabel(desired),
        "parameters",
        async (a) => parameterChanges(await clusterParameters(a, id), live, desired).length === 0,
      );
    },
  };
}

export function runningMutation<I extends KitInputs, O extends KitOutputs & KitInputs>(engine: ScpEngine<any>): KitMutation<I, O> {
  const start = "POST /v1/clusters/{cluster_id}/start";
  const stop = "POST /v1/clusters/{cluster_id}/stop";
  return {
    name: "running",
    endpoint: rows(start, stop),
    availability: {
      effect: "downtime",
      applies: (_olds, news) => news.running === false,
      note: "Stop Cluster: the database is down until `running` is true again",
      source: "SCP DBaaS API, Stop Cluster (seeds/001 §37, seeds/002)",
    },
    async apply(ctx, id, _live, desired) {
      const api = clientFor(ctx, engine);
      const accepted = await sendMutation(api, engine.endpoints, desired.running ? start : stop, { params: { cluster_id: id } });
      return waitAccepted(api, engine, id, accepted, clusterLabel(desired), desired.running ? "start" : "stop", [
        desired.running ? "RUNNING" : "STOPPED",
      ]);
    },
  };
}

/**
 * Minor version patch (`PUT …/patch`), retried safely: the body is the engine's (PostgreSQL 1.1
 * sends a backup flag, EventStreams 1.1 names its engine), the wait and the lost-answer check are
 * the same for both.
 */
export function minorPatchMutation<I extends KitInputs & { engineVersion: string }, O extends KitOutputs & I>(
  engine: ScpEngine<ClusterShape & { software_version: string }>,
  body: (api: ScpClient, id: string, desired: I) => Promise<unknown>,
): KitMutation<I, O> {
  const key = "PUT /v1/clusters/{cluster_id}/patch";
  return {
    name: "engineVersion",
    endpoint: key,
    async apply(ctx, id, _live, desired) {
      const sent = await body(clientFor(ctx, engine), id, desired);
      return putMaybeApplied(
        ctx,
        engine,
        id,
        key,
        sent,
        clusterLabel(desired),
        `minor version → ${desired.engineVersion}`,
        async (a) => (await getCluster(a, engine, id)).software_version === desired.engineVersion,
      );
    },
  };
}
