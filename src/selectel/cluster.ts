// selectel.Cluster: a Managed Databases datastore (PostgreSQL, MySQL, Redis, Kafka).

import { lookUpCatalog } from "../core/catalog-cache";
import { createOnce, type CreateFlow } from "../core/create";
import { deepEqual } from "../core/diff";
import { InputError, WaitError, isApiError, isNotFound } from "../core/errors";
import { failedObjectAdvice } from "../core/failed-create";
import type { Availability } from "../core/impact";
import { assertAdoptable, type Context, type Mutation, type Observed, type ReadResult, type ResourceDefinition } from "../core/resource";
import { downgradeError } from "../core/versions";
import { GONE } from "../core/wait";
import { assertNamedRows } from "../core/endpoints";
import { SelectelClient, answerShowsTransitional, serialised } from "./client";
import { SELECTEL, callSelectel, selectelEndpoints, selectelRow, type SelectelRow } from "./endpoints";
import { FAILED } from "./consts";
import { canonical, typedConfig } from "./config";
import { SelectelClusterInputs, selectelClusterFields, type SelectelClusterOutputs } from "./cluster-inputs";
import type { Datastore } from "./schemas";

/** Values omitted in the program are server-chosen: never compare them. */
function managedOnly(inputs: SelectelClusterInputs, live: SelectelClusterInputs): SelectelClusterInputs {
  const out = { ...live };
  if (inputs.securityGroups === undefined) delete out.securityGroups;
  if (inputs.pooler === undefined) delete out.pooler;
  if (inputs.backupRetentionDays === undefined) delete out.backupRetentionDays;
  if (inputs.diskType === undefined) delete out.diskType;
  // Only the flavor form the user chose is compared (the API echoes both).
  if (inputs.flavorId !== undefined) delete out.flavor;
  if (inputs.flavor !== undefined) delete out.flavorId;
  // Config: only keys the program manages.
  out.config = Object.fromEntries(Object.entries(live.config).filter(([k]) => k in inputs.config));
  return out;
}

function validateChange(olds: SelectelClusterInputs, news: SelectelClusterInputs): InputError[] {
  const errors: InputError[] = [];
  if (olds.flavor && news.flavor && news.flavor.disk < olds.flavor.disk) {
    errors.push(new InputError("flavor.disk", `disk can only grow: ${olds.flavor.disk} → ${news.flavor.disk}`));
  }
  const downgrade =
    olds.engine === news.engine ? downgradeError("version", olds.version, news.version, "a new selectel.Cluster") : undefined;
  if (downgrade) errors.push(downgrade);
  return errors;
}

const label = (i: { name?: string }, id?: string) => `cluster ${i.name ?? id}`;

async function typeId(api: SelectelClient, engine: string, version: string): Promise<string> {
  const { found: match, answer: types } = await api.datastoreType((t) => t.engine === engine && t.version === version);
  if (!match) {
    const offered = types.filter((t) => t.engine === engine).map((t) => t.version);
    throw new InputError("version", `${engine} ${version} is not offered; available: ${offered.join(", ") || "none"}`);
  }
  return match.id;
}

/** A flavor id must exist and be offered for the datastore's type. */
async function checkFlavor(api: SelectelClient, type: string, flavorId: string) {
  // Cached per provider process; a flavor not in a cached answer is looked up again before refusing.
  const { found: f } = await lookUpCatalog(
    `${api.accountKey}|GET /flavors`,
    async () => (await callSelectel(api.http, "GET /flavors")).flavors,
    (flavors) => flavors.find((x) => x.id === flavorId),
  );
  if (!f) throw new InputError("flavorId", `flavor ${flavorId} does not exist`);
  if (f.datastore_type_ids && !f.datastore_type_ids.includes(type))
    throw new InputError("flavorId", `flavor ${flavorId} is not offered for this engine and version`);
}

/** Config entries that differ between live and desired: new values, and null for removed keys. */
function configChanges(live: SelectelClusterOutputs, desired: SelectelClusterInputs): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(desired.config)) if (live.config[k] !== v) changes[k] = v;
  for (const k of Object.keys(live.config)) if (!(k in desired.config)) changes[k] = null;
  return changes;
}

/**
 * Catalogue facts, checked before the first mutating call of an update: whichever mutation runs
 * first, a config value or flavor the catalogue refuses stops the update before anything changed.
 */
async function preflight(api: SelectelClient, live: SelectelClusterOutputs, desired: SelectelClusterInputs) {
  await typedConfig(api, live.typeId, configChanges(live, desired));
  if (desired.flavorId !== undefined && desired.flavorId !== live.effectiveFlavorId) await checkFlavor(api, live.typeId, desired.flavorId);
}

/**
 * `check`'s catalogue rules (core/resource.ts `checkCatalog`): the type (engine and version), the
 * flavor and the config values `create` and `preflight` check, for the values that differ from the
 * recorded inputs. A type the catalogue has since retired still runs: its config is checked by `up`.
 */
async function checkCatalog(ctx: Context, news: Partial<SelectelClusterInputs>, olds: Partial<SelectelClusterInputs>) {
  if (!news.engine || !news.version) return;
  const typeChanged = news.engine !== olds.engine || news.version !== olds.version;
  const flavorChanged = news.flavorId !== undefined && news.flavorId !== olds.flavorId;
  const config = Object.fromEntries(Object.entries(news.config ?? {}).filter(([k, v]) => olds.config?.[k] !== v));
  if (!typeChanged && !flavorChanged && Object.keys(config).length === 0) return;
  const api = await SelectelClient.for(ctx);
  const type = typeChanged
    ? await typeId(api, news.engine, news.version)
    : await typeId(api, news.engine, news.version).catch(() => undefined);
  if (!type) return;
  if (flavorChanged) await checkFlavor(api, type, news.flavorId!);
  await typedConfig(api, type, config);
}

function fromApi(
  d: Datastore,
  previous: Partial<SelectelClusterOutputs>,
  engineVersion: { engine: string; version: string },
): ReadResult<SelectelClusterInputs, SelectelClusterOutputs> {
  const live: SelectelClusterInputs = {
    engine: engineVersion.engine as SelectelClusterInputs["engine"],
    version: engineVersion.version,
    name: d.name,
    subnetId: d.subnet_id,
    nodeCount: d.node_count,
    flavorId: d.flavor_id || undefined,
    flavor: d.flavor ? { vcpus: d.flavor.vcpus, ram: d.flavor.ram, disk: d.flavor.disk } : undefined,
    diskType: (d.flavor?.disk_type || undefined) as SelectelClusterInputs["diskType"],
    config: Object.fromEntries(Object.entries(d.config ?? {}).map(([k, v]) => [k, v === null ? null : canonical(v)])),
    firewall: firewallOf(d),
    pooler: d.pooler && d.pooler.mode ? { mode: d.pooler.mode as any, size: d.pooler.size } : undefined,
    redisPassword: previous.redisPassword,
    securityGroups: d.security_groups ? groupsOf(d) : undefined,
    backupRetentionDays: d.backup_retention_days ?? undefined,
    deletionProtection: d.is_protected ?? false,
    restore: previous.restore,
    adopt: previous.adopt,
  };
  const inputs = previous.engine ? managedOnly(previous as SelectelClusterInputs, live) : live;
  for (const k of Object.keys(inputs) as (keyof SelectelClusterInputs)[]) if (inputs[k] === undefined) delete inputs[k];
  const outs: SelectelClusterOutputs = {
    ...inputs,
    status: d.status,
    typeId: d.type_id,
    connection: d.connection ?? {},
    instances: (d.instances ?? []).map((i) => ({
      id: i.id,
      ip: i.ip,
      floatingIp: i.floating_ip,
      role: i.role,
      status: i.status,
      hostname: i.hostname,
    })),
    effectiveFlavorId: d.flavor_id,
  };
  return { outs, inputs };
}

async function engineOf(api: SelectelClient, typeIdValue: string) {
  const { found: t } = await api.datastoreType((x) => x.id === typeIdValue);
  return t ? { engine: t.engine, version: t.version } : { engine: "unknown", version: "unknown" };
}

/** The datastore a wait of this update just read (core/resource.ts `Observed`), if `observed` is one. */
const observedDatastore = (observed: Observed, id: string): Datastore | undefined => {
  const d = observed as Datastore | undefined;
  return d?.id === id && typeof d.type_id === "string" && typeof d.updated_at === "string" ? d : undefined;
};

async function read(ctx: Context, id: string, previous: Partial<SelectelClusterOutputs>, observed?: Observed) {
  const api = await SelectelClient.for(ctx);
  let d: Datastore | undefined = observedDatastore(observed, id);
  try {
    d ??= await api.datastore(id);
  } catch (err) {
    if (isNotFound(err)) return undefined; // only the API's own not-found answer (client.ts)
    throw err;
  }
  if (d.status === "DELETED" || d.status === "PENDING_DELETE") return undefined;
  return fromApi(d, previous, await engineOf(api, d.type_id));
}

function createBody(inputs: SelectelClusterInputs, type: string, config: Record<string, unknown>) {
  return {
    datastore: {
      type_id: type,
      subnet_id: inputs.subnetId,
      name: inputs.name,
      node_count: inputs.nodeCount,
      ...(inputs.flavorId ? { flavor_id: inputs.flavorId } : {}),
      ...(inputs.flavor ? { flavor: { ...inputs.flavor, ...(inputs.diskType ? { disk_type: inputs.diskType } : {}) } } : {}),
      ...(Object.keys(config).length ? { config } : {}),
      ...(inputs.pooler ? { pooler: inputs.pooler } : {}),
      ...(inputs.redisPassword !== undefined ? { redis_password: inputs.redisPassword } : {}),
      ...(inputs.securityGroups ? { security_groups: inputs.securityGroups } : {}),
      ...(inputs.backupRetentionDays !== undefined ? { backup_retention_days: inputs.backupRetentionDays } : {}),
      ...(inputs.restore ? { restore: { datastore_id: inputs.restore.clusterId, target_time: inputs.restore.targetTime } } : {}),
    },
  };
}

async function adopt(ctx: Context, inputs: SelectelClusterInputs) {
  const id = inputs.adopt!;
  const live = await read(ctx, id, inputs);
  if (!live) throw new Error(`adopt: cluster ${id} does not exist`);
  assertAdoptable(`cluster ${id}`, selectelClusterFields, live.inputs, inputs, ["redisPassword"]);
  return { id, outs: live.outs };
}

/**
 * One safe create (core/create.ts): the name is looked up first, so a rerun after a lost answer,
 * a kill or Ctrl-C never makes a second datastore of the same name; the look-up filters by name
 * here as well, because the API's `name` filter is not something to rely on for safety.
 */
const createFlow: CreateFlow<SelectelClusterInputs, SelectelClusterOutputs> = {
  what: (inputs) => label(inputs),
  async findByName(ctx, inputs) {
    const api = await SelectelClient.for(ctx);
    return (await api.datastoresNamed(inputs.name)).map((d) => ({ id: d.id, state: d.status, createdAt: d.created_at || undefined }));
  },
  async submit(ctx, inputs) {
    const api = await SelectelClient.for(ctx);
    // Every catalogue fact is checked before the POST: nothing is created for a bad input.
    const type = await typeId(api, inputs.engine, inputs.version);
    if (inputs.flavorId) await checkFlavor(api, type, inputs.flavorId);
    const config = await typedConfig(api, type, inputs.config);
    const { datastore } = await callSelectel(api.http, "POST /datastores", { body: createBody(inputs, type, config) });
    if (!datastore.id) throw new Error("POST /datastores was accepted but answered without a datastore id");
    return datastore.id;
  },
  async finish(ctx, id, inputs) {
    const api = await SelectelClient.for(ctx);
    let d = await api.waitDatastore(id, label(inputs), "create");
    // The firewall and protection cannot be set at create: apply them once ACTIVE.
    if (!deepEqual(firewallOf(d), inputs.firewall)) d = await firewall(api, id, inputs, d.updated_at);
    if ((d.is_protected ?? false) !== inputs.deletionProtection) await protection(api, id, inputs, d.updated_at);
    const live = await read(ctx, id, { ...inputs });
    if (!live) throw new Error(`${label(inputs)} (${id}) disappeared right after it was created`);
    return live.outs;
  },
  provisional: (_id, inputs) => ({ ...inputs }) as SelectelClusterOutputs,
  readOuts: async (ctx, id, inputs) => (await read(ctx, id, { ...inputs }))?.outs,
  // A datastore whose create settled in a failed status (ERROR, DOWN, …) never served: replaced next `up`.
  failedState: (outs) => ((FAILED as readonly string[]).includes(outs.status) ? outs.status : undefined),
  // Datastore names need not be unique (seed 004 states no rule; two POSTs of one name both
  // succeed): racing owners are settled after the POST, one datastore per name.
  duplicates: { discard: (ctx, id, inputs) => remove(ctx, id, { ...inputs } as SelectelClusterOutputs) },
};

async function create(ctx: Context, inputs: SelectelClusterInputs) {
  if (inputs.adopt) return adopt(ctx, inputs);
  return createOnce(ctx, createFlow, inputs);
}

// The datastore's sets as checked inputs hold them (sorted, no repeats, no `/32`), so reads and
// waits compare them with deepEqual.
const firewallOf = (d: Datastore) => [...new Set((d.firewall ?? []).map((f) => f.ip.replace(/\/32$/, "")))].sort();
const groupsOf = (d: Datastore) => [...new Set(d.security_groups ?? [])].sort();

async function firewall(api: SelectelClient, id: string, desired: SelectelClusterInputs, before: string) {
  const answer = await callSelectel(api.http, "PUT /datastores/{id}/firewall", {
    params: { id },
    body: { firewall: { ips: desired.firewall } },
  });
  return api.waitDatastore(id, label(desired), "firewall", {
    before,
    sawTransitional: answerShowsTransitional(answer),
    applied: (d) => deepEqual(firewallOf(d), desired.firewall),
  });
}

async function protection(api: SelectelClient, id: string, desired: SelectelClusterInputs, before: string) {
  const answer = await callSelectel(api.http, "PUT /datastores/{id}/protection", {
    params: { id },
    body: { protection: desired.deletionProtection },
  });
  return api.waitDatastore(id, label(desired), "protection", {
    before,
    sawTransitional: answerShowsTransitional(answer),
    applied: (d) => (d.is_protected ?? false) === desired.deletionProtection,
  });
}

type Desired = SelectelClusterInputs;
type Live = SelectelClusterOutputs;

/**
 * Every mutation: the catalogue checks, one call (its row of the endpoint table and its body), then
 * a wait until ACTIVE on evidence that the change was taken up (client.ts `waitDatastore`); one at
 * a time per datastore. `applied` says
 * whether the requested values are visible in the datastore (absent when they cannot be read back).
 */
function mutation(
  name: string,
  endpoint: SelectelRow,
  body: (api: SelectelClient, live: Live, desired: Desired) => unknown,
  applied?: (d: Datastore, desired: Desired, live: Live) => boolean,
  availability?: Availability,
): Mutation<Desired, Live> {
  return {
    name,
    endpoint: selectelRow(endpoint),
    availability,
    apply: async (ctx, id, live, desired) =>
      serialised(id, async () => {
        const api = await SelectelClient.for(ctx);
        // The evidence that the change was taken up: the requested values visible, when they can be
        // read back. Only a change that cannot be (a password) needs `updated_at` from right before
        // the call, read here inside the lock: a child's change of this datastore may have run
        // since this update's first read, so that read's `updated_at` could prove the wrong change.
        const before = applied ? undefined : (await api.datastore(id)).updated_at;
        const sent = await callSelectel(api.http, endpoint, { params: { id }, body: await body(api, live, desired) }).then(
          (answer) => ({ answer }),
          async (err: unknown) => {
            // A retry's 409 after an attempt whose answer was lost once it applied: the datastore
            // is busy with that very change. Wait it out; only the change visible makes it a success.
            if (!applied || !isApiError(err, 409)) throw err;
            const settled = await api.waitDatastore(id, label(desired), name);
            if (!applied(settled, desired, live)) throw err;
            return { settled };
          },
        );
        if ("settled" in sent) return sent.settled;
        const answer = sent.answer;
        return api.waitDatastore(id, label(desired), name, {
          before,
          sawTransitional: answerShowsTransitional(answer),
          applied: applied && ((d) => applied(d, desired, live)),
        });
      }),
  };
}

const sameFlavor = (d: Datastore, want: Desired["flavor"]) =>
  !want || (!!d.flavor && d.flavor.vcpus === want.vcpus && d.flavor.ram === want.ram && d.flavor.disk === want.disk);

const mutations: Mutation<Desired, Live>[] = [
  mutation(
    "name",
    "PUT /datastores/{id}",
    (_api, _l, d) => ({ datastore: { name: d.name } }),
    (ds, d) => ds.name === d.name,
  ),
  mutation(
    "resize",
    "POST /datastores/{id}/resize",
    (_api, live, d) => {
      // Send node_count always, and only the flavor form the program uses (never disk_type: 400).
      const resize: Record<string, unknown> = { node_count: d.nodeCount };
      if (d.flavorId !== undefined && d.flavorId !== live.effectiveFlavorId) resize.flavor_id = d.flavorId;
      if (d.flavor !== undefined && JSON.stringify(d.flavor) !== JSON.stringify(live.flavor)) resize.flavor = d.flavor;
      return { resize };
    },
    (ds, d) => ds.node_count === d.nodeCount && (d.flavorId === undefined || ds.flavor_id === d.flavorId) && sameFlavor(ds, d.flavor),
    {
      effect: "downtime",
      applies: (olds) => olds.nodeCount === 1,
      note: "a single-node cluster is unavailable during the resize",
      source: "Selectel docs, cluster scaling (shared/reference/selectel.md §12)",
    },
  ),
  mutation(
    "config",
    "PUT /datastores/{id}/config",
    async (api, live, d) => ({ config: await typedConfig(api, live.typeId, configChanges(live, d)) }),
    (ds, d, live) =>
      Object.entries(configChanges(live, d)).every(([k, v]) => {
        const now = ds.config?.[k];
        return v === null ? now === undefined || now === null : now !== undefined && now !== null && canonical(now) === v;
      }),
    {
      effect: "restart",
      note: "when a changed parameter is marked is_restart_required in the datastore type's configuration parameters",
      source: "Selectel Managed Databases API v1, configuration-parameters (seeds/004)",
    },
  ),
  mutation(
    "firewall",
    "PUT /datastores/{id}/firewall",
    (_api, _l, d) => ({ firewall: { ips: d.firewall } }),
    (ds, d) => deepEqual(firewallOf(ds), d.firewall),
  ),
  mutation(
    "pooler",
    "PUT /datastores/{id}/pooler",
    (_api, _l, d) => ({ pooler: d.pooler }),
    (ds, d) => !d.pooler || (ds.pooler?.mode === d.pooler.mode && ds.pooler?.size === d.pooler.size),
  ),
  // The password cannot be read back: the call's answer (PENDING_UPDATE) is the evidence.
  mutation("password", "PUT /datastores/{id}/password", (_api, _l, d) => ({ password: { redis_password: d.redisPassword } })),
  mutation(
    "securityGroups",
    "PUT /datastores/{id}/security-groups",
    (_api, _l, d) => ({ security_groups: d.securityGroups }),
    (ds, d) => !d.securityGroups || deepEqual(groupsOf(ds), d.securityGroups),
  ),
  mutation(
    "backups",
    "PUT /datastores/{id}/backups",
    (_api, _l, d) => ({ backups: { backup_retention_days: d.backupRetentionDays } }),
    (ds, d) => ds.backup_retention_days === d.backupRetentionDays,
  ),
  mutation(
    "protection",
    "PUT /datastores/{id}/protection",
    (_api, _l, d) => ({ protection: d.deletionProtection }),
    (ds, d) => (ds.is_protected ?? false) === d.deletionProtection,
  ),
];

/** Waits until no operation runs; answers the datastore as the wait's last poll read it (the update's read). */
async function settle(ctx: Context, id: string) {
  const api = await SelectelClient.for(ctx);
  try {
    return await api.waitDatastore(id, `cluster ${id}`, "resume");
  } catch (err) {
    // ERROR and DOWN need the control panel (DEGRADED or DISK_FULL may recover): say what repairs it.
    if (err instanceof WaitError && !err.timedOut && (err.lastState === "ERROR" || err.lastState === "DOWN")) {
      throw new Error(`${err.message}. ${failedObjectAdvice(`cluster ${id}`, id, err.lastState, "the Selectel control panel")}`, {
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * Delete from any settled state: the API accepts DELETE from ACTIVE and from ERROR, DEGRADED,
 * DISK_FULL and DOWN, so a broken datastore can be destroyed or replaced. It ends only when a read
 * confirms the datastore is gone; a DELETE answered with the API's 404 is confirmed by a GET.
 */
async function remove(ctx: Context, id: string, outs: SelectelClusterOutputs) {
  const api = await SelectelClient.for(ctx);
  const what = label(outs, id);
  await serialised(id, async () => {
    const state = await api.waitDeletable(id, what);
    if (state === GONE || state === "DELETED") return;
    if (state !== "PENDING_DELETE") {
      try {
        await callSelectel(api.http, "DELETE /datastores/{id}", { params: { id } });
      } catch (err) {
        // The API's 404, or the retry's 409 of a DELETE whose first answer was lost after it
        // applied: a read decides whether the delete is under way.
        const conflict = isApiError(err, 409);
        if (!isNotFound(err) && !conflict) throw err;
        const d = await api.datastore(id).catch((e) => {
          if (isNotFound(e)) return undefined;
          throw e;
        });
        if (!d || d.status === "DELETED") return;
        if (d.status !== "PENDING_DELETE") {
          if (conflict) throw err;
          throw new Error(`DELETE of ${what} answered 404, but a read shows it ${d.status}; it stays in the state`, { cause: err });
        }
      }
    }
    await api.waitDatastoreGone(id, what);
  });
}

export const selectelClusterDefinition: ResourceDefinition<SelectelClusterInputs, SelectelClusterOutputs> = {
  kind: "selectel:Cluster",
  schema: SelectelClusterInputs,
  fields: selectelClusterFields,
  validateChange,
  create,
  read,
  settle,
  preflight: async (ctx, _id, live, desired) => preflight(await SelectelClient.for(ctx), live, desired),
  checkCatalog,
  mutations,
  uniqueName: true,
  // Any 3–255 characters; auto-names keep to letters, digits, '.', '_' and '-'.
  autoName: { max: 255, chars: "a-zA-Z0-9._-", separator: "-" },
  delete: remove,
  calls: { create: "POST /datastores", delete: "DELETE /datastores/{id}" },
};
// The README, the hover docs and the plan name these rows: each must be one the code calls.
assertNamedRows(SELECTEL, selectelEndpoints, selectelClusterDefinition);
