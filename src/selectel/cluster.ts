// selectel.Cluster: a Managed Databases datastore (PostgreSQL, MySQL, Redis, Kafka).

import { z } from "zod";
import type { FieldSpec } from "../core/diff";
import { InputError, isNotFound } from "../core/errors";
import { PartialFailure, assertAdoptable, type Context, type Mutation, type ReadResult, type ResourceDefinition } from "../core/resource";
import { SelectelClient, serialised } from "./client";
import { ConfigurationParameters, Flavors, type Datastore } from "./schemas";

export const ENGINES = ["postgresql", "mysql", "redis", "kafka"] as const;
const POOLER_MODES = ["session", "transaction", "statement"] as const;
const uuidish = z.string().regex(/^[0-9a-fA-F-]{32,36}$/, "must be a UUID");

/** Config values are kept as canonical strings so "128", 128 and 128.0 never diff; they are typed when sent. */
const configValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? null : canonical(v)));
function canonical(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  const s = String(v);
  return /^-?\d+(\.\d+)?$/.test(s) ? String(Number(s)) : s;
}

export const SelectelClusterInputs = z.object({
  engine: z.enum(ENGINES),
  version: z.string().min(1, "is required, e.g. \"16\""),
  name: z.string().min(3, "must be 3–255 characters").max(255, "must be 3–255 characters"),
  subnetId: z.string().min(1, "is required"),
  nodeCount: z.number().int().min(1, "must be between 1 and 6").max(6, "must be between 1 and 6").default(1),
  flavorId: z.string().optional(),
  flavor: z.object({ vcpus: z.number().int().positive(), ram: z.number().int().positive(), disk: z.number().int().positive() }).strict().optional(),
  diskType: z.enum(["local", "network-ultra"]).optional(),
  config: z.record(z.string(), configValue).default({}),
  firewall: z.array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/, "must be an IPv4 address or CIDR")).default([])
    .transform((l) => [...new Set(l)].sort()),
  pooler: z.object({ mode: z.enum(POOLER_MODES), size: z.number().int().min(1, "must be at least 1").max(500, "must be at most 500") }).strict().optional(),
  redisPassword: z.string().min(8, "must be at least 8 characters").optional(),
  securityGroups: z.array(uuidish).min(1, "must list at least one group, or be omitted for the default group").optional()
    .transform((l) => (l ? [...new Set(l)].sort() : undefined)),
  backupRetentionDays: z.number().int().min(1, "must be between 1 and 35").max(35, "must be between 1 and 35").optional(),
  deletionProtection: z.boolean().default(false),
  restore: z.object({ clusterId: z.string().min(1), targetTime: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'must be "YYYY-MM-DDTHH:MM:SS"') }).strict().optional(),
  adopt: z.string().optional(),
}).strict().superRefine((v, ctx) => {
  if ((v.flavorId === undefined) === (v.flavor === undefined)) {
    ctx.addIssue({ code: "custom", path: ["flavorId"], message: "set exactly one of flavorId or flavor {vcpus, ram, disk}" });
  }
  if (v.pooler && v.engine !== "postgresql") ctx.addIssue({ code: "custom", path: ["pooler"], message: "is only for engine postgresql" });
  if (v.redisPassword !== undefined && v.engine !== "redis") ctx.addIssue({ code: "custom", path: ["redisPassword"], message: "is only for engine redis" });
  if (v.engine === "redis" && v.redisPassword === undefined) ctx.addIssue({ code: "custom", path: ["redisPassword"], message: "is required for engine redis" });
  if (v.engine === "redis" && v.flavor) ctx.addIssue({ code: "custom", path: ["flavor"], message: "redis clusters take flavorId only" });
  if (v.engine === "kafka" && v.nodeCount !== 1) ctx.addIssue({ code: "custom", path: ["nodeCount"], message: "must be 1 for engine kafka" });
  if (v.engine === "kafka" && v.backupRetentionDays !== undefined) ctx.addIssue({ code: "custom", path: ["backupRetentionDays"], message: "kafka clusters have no backups" });
});
export type SelectelClusterInputs = z.infer<typeof SelectelClusterInputs>;

export interface SelectelClusterOutputs extends SelectelClusterInputs {
  status: string;
  typeId: string;
  connection: Record<string, string>;
  instances: { id: string; ip: string; floatingIp: string; role: string; status: string; hostname: string }[];
  effectiveFlavorId: string;
}

export const selectelClusterFields: FieldSpec[] = [
  { key: "engine", apply: { replace: true } },
  { key: "version", apply: { replace: true } },
  { key: "subnetId", apply: { replace: true } },
  { key: "diskType", apply: { replace: true }, doc: "the flavor's disk type cannot change" },
  { key: "name", apply: { mutation: "name" } },
  { key: "nodeCount", apply: { mutation: "resize" } },
  { key: "flavorId", apply: { mutation: "resize" } },
  { key: "flavor", apply: { mutation: "resize" }, doc: "switching between flavorId and flavor works both ways" },
  { key: "config", apply: { mutation: "config" }, doc: "a removed key is reset with null" },
  { key: "firewall", apply: { mutation: "firewall" }, doc: "applied after the cluster is ACTIVE (the API cannot set it at create)" },
  { key: "pooler", apply: { mutation: "pooler" }, doc: "PostgreSQL; omitted = the server's default pooler, never diffed" },
  { key: "redisPassword", apply: { mutation: "password" } },
  { key: "securityGroups", apply: { mutation: "securityGroups" }, doc: "omitted = the server's default group, never diffed" },
  { key: "backupRetentionDays", apply: { mutation: "backups" }, doc: "omitted = not managed here (see selectel.BackupPolicy)" },
  { key: "deletionProtection", apply: { mutation: "protection" } },
  { key: "restore", apply: { ignore: true }, doc: "create only" },
  { key: "adopt", apply: { ignore: true } },
];

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
  return errors;
}

const label = (i: { name?: string }, id?: string) => `cluster ${i.name ?? id}`;

async function typeId(api: SelectelClient, engine: string, version: string): Promise<string> {
  const types = await api.datastoreTypes();
  const match = types.find((t) => t.engine === engine && t.version === version);
  if (!match) {
    const offered = types.filter((t) => t.engine === engine).map((t) => t.version);
    throw new InputError("version", `${engine} ${version} is not offered; available: ${offered.join(", ") || "none"}`);
  }
  return match.id;
}

/** Types config values by /configuration-parameters (int, float, bool, str) for sending. */
async function typedConfig(api: SelectelClient, datastoreTypeId: string, config: Record<string, string | null>) {
  if (Object.keys(config).length === 0) return {};
  const { "configuration-parameters": params } = await api.http.get("/configuration-parameters", { query: { datastore_type_id: datastoreTypeId }, schema: ConfigurationParameters });
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    const p = params.find((x) => x.name === name);
    if (!p) throw new InputError(`config.${name}`, `is not a configuration parameter of this datastore type; known: ${params.map((x) => x.name).slice(0, 20).join(", ")}`);
    if (value === null) out[name] = null;
    else if (p.type === "int") out[name] = parseInt(value, 10);
    else if (p.type === "float") out[name] = parseFloat(value);
    else if (p.type === "bool" || p.type === "boolean") out[name] = value === "true";
    else out[name] = value;
  }
  return out;
}

function fromApi(d: Datastore, previous: Partial<SelectelClusterOutputs>, engineVersion: { engine: string; version: string }): ReadResult<SelectelClusterInputs, SelectelClusterOutputs> {
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
    firewall: [...new Set((d.firewall ?? []).map((f) => f.ip))].sort(),
    pooler: d.pooler && d.pooler.mode ? { mode: d.pooler.mode as any, size: d.pooler.size } : undefined,
    redisPassword: previous.redisPassword,
    securityGroups: d.security_groups ? [...d.security_groups].sort() : undefined,
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
    instances: (d.instances ?? []).map((i) => ({ id: i.id, ip: i.ip, floatingIp: i.floating_ip, role: i.role, status: i.status, hostname: i.hostname })),
    effectiveFlavorId: d.flavor_id,
  };
  return { outs, inputs };
}

async function engineOf(api: SelectelClient, typeIdValue: string) {
  const types = await api.datastoreTypes();
  const t = types.find((x) => x.id === typeIdValue);
  return t ? { engine: t.engine, version: t.version } : { engine: "unknown", version: "unknown" };
}

async function read(ctx: Context, id: string, previous: Partial<SelectelClusterOutputs>) {
  const api = await SelectelClient.for(ctx);
  let d: Datastore;
  try {
    d = await api.datastore(id);
  } catch (err) {
    if (isNotFound(err)) return undefined;
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
  const live = await read(ctx, id, inputs as SelectelClusterOutputs);
  if (!live) throw new Error(`adopt: cluster ${id} does not exist`);
  assertAdoptable(`cluster ${id}`, selectelClusterFields, live.inputs, inputs, ["redisPassword"]);
  return { id, outs: live.outs };
}

async function create(ctx: Context, inputs: SelectelClusterInputs) {
  if (inputs.adopt) return adopt(ctx, inputs);
  const api = await SelectelClient.for(ctx);
  const type = await typeId(api, inputs.engine, inputs.version);
  if (inputs.flavorId) {
    const { flavors } = await api.http.get("/flavors", { schema: Flavors });
    if (!flavors.some((f) => f.id === inputs.flavorId)) throw new InputError("flavorId", `flavor ${inputs.flavorId} does not exist`);
  }
  const config = await typedConfig(api, type, inputs.config);
  const answer = await api.http.post("/datastores", { body: createBody(inputs, type, config) });
  const id: string = answer?.datastore?.id;
  const provisional = { ...inputs } as SelectelClusterOutputs;
  try {
    let d = await api.waitDatastore(id, label(inputs), "create");
    // The firewall and protection cannot be set at create: apply them once ACTIVE.
    if (inputs.firewall.length > 0) d = await firewall(api, id, inputs, d.updated_at);
    if (inputs.deletionProtection) d = await protection(api, id, inputs, d.updated_at);
    const live = (await read(ctx, id, provisional))!;
    return { id, outs: live.outs };
  } catch (err) {
    const live = await read(ctx, id, provisional).catch(() => undefined);
    throw new PartialFailure(id, live?.outs ?? provisional, err);
  }
}

async function firewall(api: SelectelClient, id: string, desired: SelectelClusterInputs, before: string) {
  await api.http.put(`/datastores/${id}/firewall`, { body: { firewall: { ips: desired.firewall.map((ip) => ip.replace(/\/32$/, "")) } } });
  return api.waitDatastore(id, label(desired), "firewall", before);
}

async function protection(api: SelectelClient, id: string, desired: SelectelClusterInputs, before: string) {
  await api.http.put(`/datastores/${id}/protection`, { body: { protection: desired.deletionProtection } });
  return api.waitDatastore(id, label(desired), "protection", before);
}

/** Every mutation: one call, then wait until ACTIVE with a newer updated_at; one at a time per datastore. */
function mutation(name: string, endpoint: string, call: (api: SelectelClient, id: string, live: SelectelClusterOutputs, desired: SelectelClusterInputs) => Promise<unknown>): Mutation<SelectelClusterInputs, SelectelClusterOutputs> {
  return {
    name,
    endpoint,
    apply: async (ctx, id, live, desired) => serialised(id, async () => {
      const api = await SelectelClient.for(ctx);
      const before = (await api.datastore(id)).updated_at;
      await call(api, id, live, desired);
      await api.waitDatastore(id, label(desired), name, before);
    }),
  };
}

const mutations: Mutation<SelectelClusterInputs, SelectelClusterOutputs>[] = [
  mutation("name", "PUT /datastores/{id}", (api, id, _l, d) => api.http.put(`/datastores/${id}`, { body: { datastore: { name: d.name } } })),
  mutation("resize", "POST /datastores/{id}/resize", (api, id, live, d) => {
    // Send node_count always, and only the flavor form the program uses (never disk_type: 400).
    const resize: Record<string, unknown> = { node_count: d.nodeCount };
    if (d.flavorId !== undefined && d.flavorId !== live.effectiveFlavorId) resize.flavor_id = d.flavorId;
    if (d.flavor !== undefined && JSON.stringify(d.flavor) !== JSON.stringify(live.flavor)) resize.flavor = d.flavor;
    return api.http.post(`/datastores/${id}/resize`, { body: { resize } });
  }),
  mutation("config", "PUT /datastores/{id}/config", async (api, id, live, d) => {
    const changes: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(d.config)) if (live.config[k] !== v) changes[k] = v;
    for (const k of Object.keys(live.config)) if (!(k in d.config)) changes[k] = null;
    await api.http.put(`/datastores/${id}/config`, { body: { config: await typedConfig(api, live.typeId, changes) } });
  }),
  mutation("firewall", "PUT /datastores/{id}/firewall", (api, id, _l, d) => api.http.put(`/datastores/${id}/firewall`, { body: { firewall: { ips: d.firewall.map((ip) => ip.replace(/\/32$/, "")) } } })),
  mutation("pooler", "PUT /datastores/{id}/pooler", (api, id, _l, d) => api.http.put(`/datastores/${id}/pooler`, { body: { pooler: d.pooler } })),
  mutation("password", "PUT /datastores/{id}/password", (api, id, _l, d) => api.http.put(`/datastores/${id}/password`, { body: { password: { redis_password: d.redisPassword } } })),
  mutation("securityGroups", "PUT /datastores/{id}/security-groups", (api, id, _l, d) => api.http.put(`/datastores/${id}/security-groups`, { body: { security_groups: d.securityGroups } })),
  mutation("backups", "PUT /datastores/{id}/backups", (api, id, _l, d) => api.http.put(`/datastores/${id}/backups`, { body: { backups: { backup_retention_days: d.backupRetentionDays } } })),
  mutation("protection", "PUT /datastores/{id}/protection", (api, id, _l, d) => api.http.put(`/datastores/${id}/protection`, { body: { protection: d.deletionProtection } })),
];

async function settle(ctx: Context, id: string) {
  const api = await SelectelClient.for(ctx);
  await api.waitDatastore(id, `cluster ${id}`, "resume");
}

async function remove(ctx: Context, id: string, outs: SelectelClusterOutputs) {
  const api = await SelectelClient.for(ctx);
  await serialised(id, async () => {
    try {
      await api.waitDatastore(id, label(outs, id), "delete");
      await api.http.delete(`/datastores/${id}`);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    await api.waitDatastoreGone(id, label(outs, id));
  });
}

export const selectelClusterDefinition: ResourceDefinition<SelectelClusterInputs, SelectelClusterOutputs> = {
  kind: "selectel:Cluster",
  schema: SelectelClusterInputs as unknown as z.ZodType<SelectelClusterInputs>,
  fields: selectelClusterFields,
  validateChange,
  create,
  read,
  settle,
  mutations,
  uniqueName: true,
  delete: remove,
};
