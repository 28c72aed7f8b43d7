// scp.Cluster: the API calls every path shares (read the cluster, wait after a 202), the checks
// that run before the first mutating call of an update, and one mutation per in-place endpoint, in
// the order they run.

import { deepEqual } from "../core/diff";
import { isApiError } from "../core/errors";
import type { Context, Mutation } from "../core/resource";
import { pathId, ScpClient } from "./client";
import { assertParameterValues, assertServerType, clusterParameters, resolveEngineVersion, type ClusterParameter } from "./catalog";
import type { ClusterInputs, ClusterOutputs } from "./cluster-inputs";
import { backupBody, maintenanceBody } from "./cluster-translate";
import { PostgresqlCluster } from "./schemas";

export const client = (ctx: Context) => ScpClient.for(ctx, "postgresql");
export const label = (inputs: { name?: string }, id?: string) => `cluster ${inputs.name ?? id}`;
export const clusterPath = (id: string, rest = "") => `/v1/clusters/${pathId(id)}${rest}`;

export async function getCluster(api: ScpClient, id: string) {
  return api.http.get(clusterPath(id), { schema: PostgresqlCluster });
}

export async function readParameters(api: ScpClient, id: string, keys: string[]): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const all = await clusterParameters(api, id);
  const out: Record<string, string> = {};
  for (const k of keys) {
    const p = all.find((x) => x.name === k);
    if (p) out[k] = p.applied_value;
  }
  return out;
}

/** After a 202: the request must finish, then the cluster must settle in `target`. */
export async function settleAfter(api: ScpClient, id: string, accepted: { request_id: string }, what: string, operation: string, target = ["RUNNING"]) {
  await api.waitRequest(accepted.request_id, what, operation);
  await api.waitState(() => getCluster(api, id), what, operation, target);
}

// ---- before the first mutating call ---------------------------------------------------------

/**
 * Catalogue checks for everything this update is about to change: the server type exists, the
 * minor version is offered, every parameter exists, is modifiable and fits its type. They run once
 * per update (keyed by its context), before the first mutation sends anything, so a bad value in
 * one property cannot leave another half applied.
 */
const checked = new WeakMap<Context, Promise<void>>();

function preflight(ctx: Context, id: string, live: ClusterOutputs, desired: ClusterInputs): Promise<void> {
  let run = checked.get(ctx);
  if (!run) {
    run = (async () => {
      const api = client(ctx);
      if ((live.instanceGroups ?? []).some((g) => g.serverType !== desired.serverType)) await assertServerType(api, desired.serverType);
      if (desired.engineVersion !== live.engineVersion) await resolveEngineVersion(api, desired.engineVersion);
      if (!deepEqual(desired.parameters, live.parameters)) assertParameterValues(await clusterParameters(api, id), desired.parameters);
    })();
    checked.set(ctx, run);
  }
  return run;
}

// ---- idempotent PUTs whose first answer may have been lost ----------------------------------

/**
 * Sends an idempotent PUT and waits for it. When the HTTP client had to retry it and the retry is
 * refused (`400 CLUSTER_BUSY`, or the API's "already so" answers), the first attempt may have been
 * applied with its answer lost: the retry then meets that very operation or its result. Wait for
 * the cluster to settle, re-read, and fail only if the value is still not the requested one.
 */
async function putMaybeApplied(
  ctx: Context, id: string, path: string, body: unknown, what: string, operation: string,
  applied: (api: ScpClient) => Promise<boolean>,
): Promise<void> {
  const api = client(ctx);
  try {
    const accepted = await api.mutate("PUT", path, body);
    await settleAfter(api, id, accepted, what, operation);
  } catch (err) {
    if (!(isApiError(err, 400) && (err as { afterRetry?: boolean }).afterRetry === true)) throw err;
    await api.waitState(() => getCluster(api, id), what, operation, ["RUNNING", "STOPPED"]);
    if (!(await applied(api))) throw err;
    ctx.log(`${what}: the ${operation} change was applied by an earlier attempt whose answer was lost (the retry got ${err.code ?? "HTTP 400"})`);
  }
}

/** The `PUT …/parameters` changes that take the cluster from its current values to `desired`. */
function parameterChanges(all: ClusterParameter[], live: ClusterOutputs, desired: ClusterInputs) {
  const changes: { id: string; old_value: string; new_value: string }[] = [];
  const names = new Set([...Object.keys(live.parameters), ...Object.keys(desired.parameters)]);
  for (const name of names) {
    const p = all.find((x) => x.name === name);
    if (!p) continue; // a key the program no longer declares and the cluster does not have
    // A key removed from the program goes back to the engine default.
    const target = desired.parameters[name] ?? p.default_value;
    if (p.applied_value !== target) changes.push({ id: p.id, old_value: p.applied_value, new_value: target });
  }
  return changes;
}

// ---- mutations, in the order they run -------------------------------------------------------

const mutations: Mutation<ClusterInputs, ClusterOutputs>[] = [
  {
    name: "serverType",
    endpoint: "POST /v1/instance-groups/{id}/resize",
    async apply(ctx, id, live, desired) {
      const api = client(ctx);
      for (const g of live.instanceGroups.filter((g) => g.serverType !== desired.serverType)) {
        const accepted = await api.mutate("POST", `/v1/instance-groups/${pathId(g.id, "instance group")}/resize`, { server_type_name: desired.serverType });
        await settleAfter(api, id, accepted, label(desired), `server type ${g.serverType} → ${desired.serverType}`);
      }
    },
  },
  {
    name: "blockStorages",
    endpoint: "POST /v1/block-storage-groups/{id}/resize (grow); POST /v1/instance-groups/{id}/block-storage-groups (add)",
    async apply(ctx, id, live, desired) {
      const api = client(ctx);
      for (let i = 0; i < live.blockStorages.length; i++) {
        const want = desired.blockStorages[i];
        if (want && want.sizeGb > live.blockStorages[i].sizeGb) {
          const accepted = await api.mutate("POST", `/v1/block-storage-groups/${pathId(live.blockStorageIds[i], "block storage group")}/resize`, { size_gb: want.sizeGb });
          await settleAfter(api, id, accepted, label(desired), `block storage ${i} → ${want.sizeGb} GB`);
        }
      }
      const group = live.instanceGroups.find((g) => g.roleType.startsWith("ACTIVE")) ?? live.instanceGroups[0];
      for (const add of desired.blockStorages.slice(live.blockStorages.length)) {
        const accepted = await api.mutate("POST", `/v1/instance-groups/${pathId(group.id, "instance group")}/block-storage-groups`, { role_type: add.roleType, size_gb: add.sizeGb, volume_type: add.volumeType });
        await settleAfter(api, id, accepted, label(desired), `add ${add.roleType} block storage`);
      }
    },
  },
  {
    name: "allowedIps",
    endpoint: "POST /v1/clusters/{id}/security-group-rules",
    async apply(ctx, id, live, desired) {
      const api = client(ctx);
      const add = desired.allowedIps.filter((ip) => !live.allowedIps.includes(ip));
      const del = live.allowedIps.filter((ip) => !desired.allowedIps.includes(ip));
      const accepted = await api.mutate("POST", clusterPath(id, "/security-group-rules"), { add_ip_addresses: add, del_ip_addresses: del });
      await settleAfter(api, id, accepted, label(desired), "allowed IPs");
    },
  },
  {
    name: "maintenance",
    endpoint: "POST /v1/clusters/{id}/maintenance; DELETE /v1/clusters/{id}/maintenance",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = desired.maintenance
        ? await api.mutate("POST", clusterPath(id, "/maintenance"), maintenanceBody(desired.maintenance))
        : await api.mutate("DELETE", clusterPath(id, "/maintenance"));
      await settleAfter(api, id, accepted, label(desired), "maintenance window");
    },
  },
  {
    name: "parameters",
    endpoint: "PUT /v1/clusters/{id}/parameters",
    async apply(ctx, id, live, desired) {
      const api = client(ctx);
      const all = await clusterParameters(api, id);
      assertParameterValues(all, desired.parameters);
      const changes = parameterChanges(all, live, desired);
      if (changes.length === 0) return;
      await putMaybeApplied(ctx, id, clusterPath(id, "/parameters"), { parameters: changes }, label(desired), "parameters",
        async (a) => parameterChanges(await clusterParameters(a, id), live, desired).length === 0);
    },
  },
  {
    name: "auditLog",
    endpoint: "PUT /v1/clusters/{id}/audit-log",
    async apply(ctx, id, _live, desired) {
      await putMaybeApplied(ctx, id, clusterPath(id, "/audit-log"), { use_audit_log: desired.auditLog }, label(desired), "audit log",
        async (a) => ((await getCluster(a, id)).init_config_option.audit_enabled ?? false) === desired.auditLog);
    },
  },
  {
    name: "backup",
    endpoint: "POST /v1/clusters/{id}/backups; DELETE /v1/clusters/{id}/backups",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = desired.backup
        ? await api.mutate("POST", clusterPath(id, "/backups"), backupBody(desired.backup))
        : await api.mutate("DELETE", clusterPath(id, "/backups"));
      await settleAfter(api, id, accepted, label(desired), "backup");
    },
  },
  {
    name: "running",
    endpoint: "POST /v1/clusters/{id}/start; POST /v1/clusters/{id}/stop",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = await api.mutate("POST", clusterPath(id, desired.running ? "/start" : "/stop"));
      await settleAfter(api, id, accepted, label(desired), desired.running ? "start" : "stop", [desired.running ? "RUNNING" : "STOPPED"]);
    },
  },
  {
    name: "engineVersion",
    endpoint: "PUT /v1/clusters/{id}/patch",
    async apply(ctx, id, _live, desired) {
      await putMaybeApplied(ctx, id, clusterPath(id, "/patch"), { software_version: desired.engineVersion, backup_before_upgrade: false },
        label(desired), `minor version → ${desired.engineVersion}`,
        async (a) => (await getCluster(a, id)).software_version === desired.engineVersion);
    },
  },
];

/** Every mutation runs the update's catalogue checks first (once per update). */
export const clusterMutations: Mutation<ClusterInputs, ClusterOutputs>[] = mutations.map((m) => ({
  ...m,
  async apply(ctx, id, live, desired) {
    await preflight(ctx, id, live, desired);
    return m.apply(ctx, id, live, desired);
  },
}));
