// scp.Cluster with engine "postgresql": inputs, the field table, create/read/delete and one
// mutation per in-place endpoint. Reads as a declaration; the machinery lives in core/.

import { z } from "zod";
import type { FieldSpec } from "../core/diff";
import { InputError, isNotFound } from "../core/errors";
import { PartialFailure, assertAdoptable, type Context, type Mutation, type ReadResult, type ResourceDefinition } from "../core/resource";
import { GONE } from "../core/wait";
import { ScpClient } from "./client";
import { blockStorageSize, cidrSet, maintenance, port, VOLUME_TYPES, type Maintenance } from "./inputs";
import { ClusterParameters, EngineVersions, PostgresqlCluster } from "./schemas";

// ---- inputs ---------------------------------------------------------------------------------

const BLOCK_ROLES = ["DATA", "ARCHIVE", "TEMP", "BACKUP"] as const;

const blockStorage = z.object({
  roleType: z.enum(BLOCK_ROLES),
  sizeGb: blockStorageSize,
  volumeType: z.enum(VOLUME_TYPES).default("SSD"),
}).strict();

export const ClusterInputs = z.object({
  engine: z.literal("postgresql", { message: 'must be "postgresql" (cachestore and eventstreams come later)' }),
  name: z.string().regex(/^[a-zA-Z]{3,20}$/, "must be 3–20 letters (a–z, A–Z), no digits or symbols"),
  engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, 'must be a PostgreSQL version such as "16.8"'),
  subnetId: z.string().min(1, "is required"),
  serverType: z.string().min(1, "is required (e.g. db1v2m4)"),
  instanceNamePrefix: z.string().regex(/^[a-z][a-zA-Z0-9-]{2,12}$/, "must be 3–13 characters: a lower-case letter, then letters, digits or '-'"),
  blockStorages: z.array(blockStorage).min(1, "needs at least one DATA block storage")
    .refine((l) => l[0]?.roleType === "DATA", "the first block storage must have roleType DATA"),
  haEnabled: z.boolean().default(false),
  natEnabled: z.boolean().default(false),
  timezone: z.string().min(1).default("Asia/Seoul"),
  allowedIps: cidrSet.default([]),
  maintenance: maintenance.optional(),
  databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{2,19}$/, "must be 3–20 letters or digits, starting with a letter"),
  databaseUserName: z.string().regex(/^[a-z]{2,20}$/, "must be 2–20 lower-case letters"),
  databasePassword: z.string().min(8, "must be 8–30 characters").max(30, "must be 8–30 characters"),
  databasePort: port.default(2866),
  databaseEncoding: z.string().default("UTF-8"),
  databaseLocale: z.string().default("C"),
  backup: z.object({
    retentionDays: z.number().int().min(7, "must be between 7 and 35").max(35, "must be between 7 and 35"),
    startHour: z.number().int().min(0, "must be between 0 and 23").max(23, "must be between 0 and 23"),
    archiveFrequencyMinutes: z.union([z.literal(5), z.literal(10), z.literal(30), z.literal(60)], { message: "must be one of 5, 10, 30, 60" }).default(60),
  }).strict().optional(),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  auditLog: z.boolean().default(false),
  running: z.boolean().default(true),
  tags: z.record(z.string(), z.string()).default({}),
  adopt: z.string().regex(/^[0-9a-f]{32}$/, "must be the id of an existing cluster (32 hex characters)").optional(),
}).strict();

export type ClusterInputs = z.infer<typeof ClusterInputs>;

export interface ClusterOutputs extends ClusterInputs {
  serviceState: string;
  softwareVersion: string;
  virtualIpAddress: string;
  endpoint: string;
  connectionString: string;
  isKernelPatchable: boolean;
  /** Ids of `blockStorages`, index for index: how the API's block storage groups are matched to inputs. */
  blockStorageIds: string[];
  instanceGroups: {
    id: string; roleType: string; serverType: string;
    blockStorages: { id: string; roleType: string; sizeGb: number; volumeType: string }[];
    instances: { name: string; roleType: string; serviceState: string; ipAddress: string; publicIpAddress: string }[];
  }[];
}

// ---- field table ----------------------------------------------------------------------------

const major = (v: unknown) => String(v ?? "").split(".")[0];

export const clusterFields: FieldSpec[] = [
  { key: "engine", apply: { replace: true } },
  { key: "name", apply: { replace: true } },
  { key: "subnetId", apply: { replace: true } },
  { key: "haEnabled", apply: { replace: true } },
  { key: "natEnabled", apply: { replace: true } },
  { key: "timezone", apply: { replace: true } },
  { key: "instanceNamePrefix", apply: { replace: true } },
  { key: "databaseName", apply: { replace: true } },
  { key: "databaseUserName", apply: { replace: true } },
  { key: "databasePort", apply: { replace: true } },
  { key: "databaseEncoding", apply: { replace: true } },
  { key: "databaseLocale", apply: { replace: true } },
  { key: "tags", apply: { replace: true }, doc: "tags are set at creation; this API has no tag endpoint" },
  { key: "engineVersion", apply: { replace: true, when: (a, b) => major(a) !== major(b), otherwise: "engineVersion" }, doc: "a new major version replaces" },
  { key: "serverType", apply: { mutation: "serverType" } },
  {
    key: "blockStorages",
    apply: { replace: true, when: (a, b) => !blockStoragesGrowOnly(a as any, b as any), otherwise: "blockStorages" },
    doc: "grow a size or append a block storage in place; removing one or changing its role or volume type replaces",
  },
  { key: "allowedIps", apply: { mutation: "allowedIps" } },
  { key: "maintenance", apply: { mutation: "maintenance" } },
  { key: "parameters", apply: { mutation: "parameters" } },
  { key: "auditLog", apply: { mutation: "auditLog" } },
  { key: "backup", apply: { mutation: "backup" } },
  { key: "running", apply: { mutation: "running" } },
  { key: "databasePassword", apply: { ignore: true }, doc: "set at creation only (the API has no password endpoint); a change is rejected by check" },
  { key: "adopt", apply: { ignore: true } },
];

type Bs = z.infer<typeof blockStorage>;
/** True when `next` keeps every existing block storage (same role and type, size not smaller) and may append. */
function blockStoragesGrowOnly(prev: Bs[] | undefined, next: Bs[] | undefined): boolean {
  if (!prev || !next || next.length < prev.length) return false;
  return prev.every((p, i) => p.roleType === next[i].roleType && p.volumeType === next[i].volumeType && next[i].sizeGb >= p.sizeGb);
}

function validateChange(olds: ClusterInputs, news: ClusterInputs): InputError[] {
  const errors: InputError[] = [];
  olds.blockStorages?.forEach((p, i) => {
    const n = news.blockStorages?.[i];
    if (n && n.roleType === p.roleType && n.volumeType === p.volumeType && n.sizeGb < p.sizeGb) {
      errors.push(new InputError(`blockStorages[${i}].sizeGb`, `block storage can only grow: ${p.sizeGb} GB → ${n.sizeGb} GB is a shrink`));
    }
  });
  if (olds.databasePassword !== undefined && news.databasePassword !== olds.databasePassword && !news.adopt) {
    errors.push(new InputError("databasePassword", "cannot be changed after creation: the SCP API has no password endpoint. Change it in the database, or replace the cluster (`pulumi up --replace`)"));
  }
  if (major(olds.engineVersion) === major(news.engineVersion) && compareVersions(news.engineVersion, olds.engineVersion) < 0) {
    errors.push(new InputError("engineVersion", `minor versions can only move forward: ${olds.engineVersion} → ${news.engineVersion}`));
  }
  return errors;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number), pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// ---- translation: one function per shape, shared by create, mutations and read --------------

const client = (ctx: Context) => ScpClient.for(ctx, "postgresql");
const label = (inputs: { name?: string }, id?: string) => `cluster ${inputs.name ?? id}`;

export function maintenanceBody(m: Maintenance) {
  const [hh, mm] = m.startTime.split(":");
  return { start_day_of_week: m.dayOfWeek, start_time: hh, start_minute: mm, term_hour: String(m.durationHours) };
}

function maintenanceFromApi(o: PostgresqlCluster["maintenance_option"]): Maintenance | undefined {
  if (!o || !o.use_maintenance_option || !o.starting_day_of_week || !o.starting_time) return undefined;
  const digits = o.starting_time.replace(/\D/g, "").padStart(4, "0");
  return {
    dayOfWeek: o.starting_day_of_week as Maintenance["dayOfWeek"],
    startTime: `${digits.slice(0, 2)}:${digits.slice(2, 4)}`,
    durationHours: Number(o.period_hour),
  };
}

function backupBody(b: NonNullable<ClusterInputs["backup"]>) {
  return {
    archive_frequency_minute: String(b.archiveFrequencyMinutes),
    retention_period_day: String(b.retentionDays),
    starting_time_hour: String(b.startHour),
  };
}

function createBody(inputs: ClusterInputs, engineVersionId: string) {
  const role = inputs.haEnabled ? "ACTIVE_STANDBY" : "ACTIVE";
  const instances = inputs.haEnabled
    ? [{ role_type: "ACTIVE" }, { role_type: "STANDBY" }]
    : [{ role_type: "ACTIVE" }];
  return {
    name: inputs.name,
    dbaas_engine_version_id: engineVersionId,
    subnet_id: inputs.subnetId,
    ha_enabled: inputs.haEnabled,
    nat_enabled: inputs.natEnabled,
    timezone: inputs.timezone,
    instance_name_prefix: inputs.instanceNamePrefix,
    allowable_ip_addresses: inputs.allowedIps,
    init_config_option: {
      audit_enabled: inputs.auditLog,
      ...(inputs.backup ? { backup_option: backupBody(inputs.backup) } : {}),
      database_encoding: inputs.databaseEncoding,
      database_locale: inputs.databaseLocale,
      database_name: inputs.databaseName,
      database_port: inputs.databasePort,
      database_user_name: inputs.databaseUserName,
      database_user_password: inputs.databasePassword,
    },
    instance_groups: [{
      role_type: role,
      server_type_name: inputs.serverType,
      block_storage_groups: inputs.blockStorages.map((b) => ({ role_type: b.roleType, size_gb: b.sizeGb, volume_type: b.volumeType })),
      instances,
    }],
    ...(inputs.maintenance ? { maintenance_option: maintenanceOptionBody(inputs.maintenance) } : {}),
    tags: Object.entries(inputs.tags).map(([key, value]) => ({ key, value })),
  };
}

function maintenanceOptionBody(m: Maintenance) {
  const [hh, mm] = m.startTime.split(":");
  return { starting_day_of_week: m.dayOfWeek, starting_time: `${hh}${mm}`, period_hour: String(m.durationHours) };
}

/** The instance group that holds the data disks (ACTIVE or ACTIVE_STANDBY). */
function primaryGroup(c: PostgresqlCluster) {
  return c.instance_groups.find((g) => g.role_type.startsWith("ACTIVE")) ?? c.instance_groups[0];
}

/** Matches the API's block storage groups to the declared list: by known id, else by role/type/size. */
function matchBlockStorages(c: PostgresqlCluster, declared: Bs[], knownIds: string[]): string[] {
  const groups = primaryGroup(c)?.block_storage_groups.filter((b) => b.role_type !== "OS") ?? [];
  const used = new Set<string>();
  const ids: string[] = [];
  declared.forEach((d, i) => {
    const byId = groups.find((g) => g.id === knownIds[i] && !used.has(g.id));
    const match = byId ?? groups.find((g) => !used.has(g.id) && g.role_type === d.roleType && g.volume_type === d.volumeType && g.size_gb === d.sizeGb)
      ?? groups.find((g) => !used.has(g.id) && g.role_type === d.roleType);
    if (match) {
      used.add(match.id);
      ids.push(match.id);
    }
  });
  // Block storages the program does not declare (added out of band) show as drift at the end.
  for (const g of groups) if (!used.has(g.id)) ids.push(g.id);
  return ids;
}

function fromApi(c: PostgresqlCluster, previous: Partial<ClusterOutputs>, parameters: Record<string, string>): ReadResult<ClusterInputs, ClusterOutputs> {
  const group = primaryGroup(c);
  const declared = previous.blockStorages ?? [];
  const ids = matchBlockStorages(c, declared, previous.blockStorageIds ?? []);
  const byId = new Map(group?.block_storage_groups.map((b) => [b.id, b]) ?? []);
  const blockStorages: Bs[] = ids.map((id) => byId.get(id)!).filter(Boolean)
    .map((b) => ({ roleType: b.role_type as Bs["roleType"], sizeGb: b.size_gb, volumeType: (b.volume_type || "SSD") as Bs["volumeType"] }));
  const backup = c.init_config_option.backup_option;
  const hasBackup = backup && backup.retention_period_day !== null && backup.retention_period_day !== undefined && backup.retention_period_day !== "";
  const inputs: ClusterInputs = {
    engine: "postgresql",
    name: c.name,
    engineVersion: c.software_version || previous.engineVersion || "",
    subnetId: c.subnet_id,
    serverType: group?.server_type_name ?? "",
    instanceNamePrefix: previous.instanceNamePrefix ?? "",
    blockStorages,
    haEnabled: c.ha_enabled ?? false,
    natEnabled: c.nat_enabled ?? false,
    timezone: c.timezone,
    allowedIps: cidrSet.parse(c.allowable_ip_addresses ?? []),
    maintenance: maintenanceFromApi(c.maintenance_option),
    databaseName: c.init_config_option.database_name,
    databaseUserName: c.init_config_option.database_user_name,
    databasePassword: previous.databasePassword ?? "",
    databasePort: c.init_config_option.database_port,
    databaseEncoding: c.init_config_option.database_encoding,
    databaseLocale: c.init_config_option.database_locale,
    backup: hasBackup ? {
      retentionDays: Number(backup!.retention_period_day),
      startHour: Number(backup!.starting_time_hour),
      archiveFrequencyMinutes: Number(backup!.archive_frequency_minute ?? 60) as 5 | 10 | 30 | 60,
    } : undefined,
    parameters,
    auditLog: c.init_config_option.audit_enabled ?? false,
    running: !["STOPPED", "STOPPING"].includes(c.service_state),
    tags: previous.tags ?? {},
    adopt: previous.adopt,
  };
  if (inputs.maintenance === undefined) delete inputs.maintenance;
  if (inputs.backup === undefined) delete inputs.backup;
  if (inputs.adopt === undefined) delete inputs.adopt;
  const host = c.virtual_ip_address || group?.instances[0]?.service_ip_address || "";
  const outs: ClusterOutputs = {
    ...inputs,
    serviceState: c.service_state,
    softwareVersion: c.software_version,
    virtualIpAddress: c.virtual_ip_address ?? "",
    endpoint: host ? `${host}:${inputs.databasePort}` : "",
    connectionString: host && inputs.databasePassword
      ? `postgresql://${inputs.databaseUserName}:${encodeURIComponent(inputs.databasePassword)}@${host}:${inputs.databasePort}/${inputs.databaseName}`
      : "",
    isKernelPatchable: c.is_kernel_patchable ?? false,
    blockStorageIds: ids,
    instanceGroups: c.instance_groups.map((g) => ({
      id: g.id,
      roleType: g.role_type,
      serverType: g.server_type_name,
      blockStorages: g.block_storage_groups.map((b) => ({ id: b.id, roleType: b.role_type, sizeGb: b.size_gb, volumeType: b.volume_type })),
      instances: g.instances.map((i) => ({ name: i.name, roleType: i.role_type, serviceState: i.service_state, ipAddress: i.service_ip_address, publicIpAddress: i.public_ip_address })),
    })),
  };
  return { outs, inputs };
}

// ---- API calls ------------------------------------------------------------------------------

async function getCluster(api: ScpClient, id: string) {
  return api.http.get(`/v1/clusters/${id}`, { schema: PostgresqlCluster });
}

async function readParameters(api: ScpClient, id: string, keys: string[]): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const all = await api.http.get(`/v1/clusters/${id}/parameters`, { schema: ClusterParameters });
  const out: Record<string, string> = {};
  for (const k of keys) {
    const p = all.contents.find((x) => x.name === k);
    if (p) out[k] = p.applied_value;
  }
  return out;
}

/** After a 202: the request must finish, then the cluster must settle in `target`. */
async function settleAfter(api: ScpClient, id: string, accepted: { request_id: string }, what: string, operation: string, target = ["RUNNING"]) {
  await api.waitRequest(accepted.request_id, what, operation);
  await api.waitState(() => getCluster(api, id), what, operation, target);
}

async function resolveEngineVersion(api: ScpClient, version: string): Promise<string> {
  const list = await api.http.get("/v1/engine-versions", { schema: EngineVersions });
  const candidates = list.contents.filter((v) => /postgres/i.test(v.product_image_type || v.name) && !v.end_of_service);
  const match = candidates.find((v) => v.software_version === version);
  if (!match) {
    throw new InputError("engineVersion", `PostgreSQL ${version} is not offered; available: ${candidates.map((v) => v.software_version).join(", ") || "none"}`);
  }
  return match.id;
}

async function readCluster(ctx: Context, id: string, previous: Partial<ClusterOutputs>) {
  const api = client(ctx);
  let c: PostgresqlCluster;
  try {
    c = await getCluster(api, id);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  if (c.service_state === "TERMINATED") return undefined;
  const parameters = await readParameters(api, id, Object.keys(previous.parameters ?? {}));
  return fromApi(c, previous, parameters);
}

async function adopt(ctx: Context, inputs: ClusterInputs): Promise<{ id: string; outs: ClusterOutputs }> {
  const id = inputs.adopt!;
  const live = await readCluster(ctx, id, { ...inputs, blockStorageIds: [] });
  if (!live) throw new Error(`adopt: cluster ${id} does not exist`);
  assertAdoptable(`cluster ${id}`, clusterFields, live.inputs, inputs, ["instanceNamePrefix", "tags"]);
  return { id, outs: live.outs };
}

async function create(ctx: Context, inputs: ClusterInputs): Promise<{ id: string; outs: ClusterOutputs }> {
  if (inputs.adopt) return adopt(ctx, inputs);
  const api = client(ctx);
  const versionId = await resolveEngineVersion(api, inputs.engineVersion);
  const accepted = await api.mutate("POST", "/v1/clusters", createBody(inputs, versionId));
  const id = accepted.resource.id;
  // From here on the cluster exists: any failure is reported with the id so the engine keeps it.
  const provisional = { ...inputs, blockStorageIds: [] } as unknown as ClusterOutputs;
  try {
    await settleAfter(api, id, accepted, label(inputs), "create");
    let live = (await readCluster(ctx, id, provisional))!;
    // Settings the create body cannot carry are applied as the first updates.
    for (const m of clusterMutations) {
      if (m.name === "parameters" && Object.keys(inputs.parameters).length === 0) continue;
      if (m.name !== "parameters" && m.name !== "running") continue;
      if (m.name === "running" && inputs.running) continue;
      await m.apply(ctx, id, live.outs, inputs);
      live = (await readCluster(ctx, id, live.outs))!;
    }
    return { id, outs: live.outs };
  } catch (err) {
    const live = await readCluster(ctx, id, provisional).catch(() => undefined);
    throw new PartialFailure(id, live?.outs ?? provisional, err);
  }
}

async function settle(ctx: Context, id: string) {
  const api = client(ctx);
  await api.waitState(() => getCluster(api, id), `cluster ${id}`, "resume", ["RUNNING", "STOPPED"]);
}

async function remove(ctx: Context, id: string, outs: ClusterOutputs) {
  // Adopted clusters are deleted like any other: once adopted, the program owns them.
  const api = client(ctx);
  const what = label(outs, id);
  try {
    // A cluster still busy with an operation refuses deletion: let it settle first.
    await api.waitState(() => getCluster(api, id), what, "delete", ["RUNNING", "STOPPED", "ERROR", "FAILED", GONE]);
    await api.mutate("DELETE", `/v1/clusters/${id}`);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  await api.waitState(() => getCluster(api, id), what, "delete", [GONE, "TERMINATED"]);
}

// ---- mutations, in the order they run -------------------------------------------------------

const clusterMutations: Mutation<ClusterInputs, ClusterOutputs>[] = [
  {
    name: "serverType",
    endpoint: "POST /v1/instance-groups/{id}/resize",
    async apply(ctx, id, live, desired) {
      const api = client(ctx);
      for (const g of live.instanceGroups.filter((g) => g.serverType !== desired.serverType)) {
        const accepted = await api.mutate("POST", `/v1/instance-groups/${g.id}/resize`, { server_type_name: desired.serverType });
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
          const accepted = await api.mutate("POST", `/v1/block-storage-groups/${live.blockStorageIds[i]}/resize`, { size_gb: want.sizeGb });
          await settleAfter(api, id, accepted, label(desired), `block storage ${i} → ${want.sizeGb} GB`);
        }
      }
      const group = live.instanceGroups.find((g) => g.roleType.startsWith("ACTIVE")) ?? live.instanceGroups[0];
      for (const add of desired.blockStorages.slice(live.blockStorages.length)) {
        const accepted = await api.mutate("POST", `/v1/instance-groups/${group.id}/block-storage-groups`, { role_type: add.roleType, size_gb: add.sizeGb, volume_type: add.volumeType });
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
      const accepted = await api.mutate("POST", `/v1/clusters/${id}/security-group-rules`, { add_ip_addresses: add, del_ip_addresses: del });
      await settleAfter(api, id, accepted, label(desired), "allowed IPs");
    },
  },
  {
    name: "maintenance",
    endpoint: "POST /v1/clusters/{id}/maintenance; DELETE /v1/clusters/{id}/maintenance",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = desired.maintenance
        ? await api.mutate("POST", `/v1/clusters/${id}/maintenance`, maintenanceBody(desired.maintenance))
        : await api.mutate("DELETE", `/v1/clusters/${id}/maintenance`);
      await settleAfter(api, id, accepted, label(desired), "maintenance window");
    },
  },
  {
    name: "parameters",
    endpoint: "PUT /v1/clusters/{id}/parameters",
    async apply(ctx, id, live, desired) {
      const api = client(ctx);
      const all = await api.http.get(`/v1/clusters/${id}/parameters`, { schema: ClusterParameters });
      const changes: { id: string; old_value: string; new_value: string }[] = [];
      const names = new Set([...Object.keys(live.parameters), ...Object.keys(desired.parameters)]);
      for (const name of names) {
        const p = all.contents.find((x) => x.name === name);
        if (!p) throw new InputError(`parameters.${name}`, `is not a parameter of this cluster`);
        // A key removed from the program goes back to the engine default.
        const target = desired.parameters[name] ?? p.default_value;
        if (p.applied_value !== target) changes.push({ id: p.id, old_value: p.applied_value, new_value: target });
      }
      if (changes.length === 0) return;
      const accepted = await api.mutate("PUT", `/v1/clusters/${id}/parameters`, { parameters: changes });
      await settleAfter(api, id, accepted, label(desired), "parameters");
    },
  },
  {
    name: "auditLog",
    endpoint: "PUT /v1/clusters/{id}/audit-log",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = await api.mutate("PUT", `/v1/clusters/${id}/audit-log`, { use_audit_log: desired.auditLog });
      await settleAfter(api, id, accepted, label(desired), "audit log");
    },
  },
  {
    name: "backup",
    endpoint: "POST /v1/clusters/{id}/backups; DELETE /v1/clusters/{id}/backups",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = desired.backup
        ? await api.mutate("POST", `/v1/clusters/${id}/backups`, backupBody(desired.backup))
        : await api.mutate("DELETE", `/v1/clusters/${id}/backups`);
      await settleAfter(api, id, accepted, label(desired), "backup");
    },
  },
  {
    name: "running",
    endpoint: "POST /v1/clusters/{id}/start; POST /v1/clusters/{id}/stop",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = await api.mutate("POST", `/v1/clusters/${id}/${desired.running ? "start" : "stop"}`);
      await settleAfter(api, id, accepted, label(desired), desired.running ? "start" : "stop", [desired.running ? "RUNNING" : "STOPPED"]);
    },
  },
  {
    name: "engineVersion",
    endpoint: "PUT /v1/clusters/{id}/patch",
    async apply(ctx, id, _live, desired) {
      const api = client(ctx);
      const accepted = await api.mutate("PUT", `/v1/clusters/${id}/patch`, { software_version: desired.engineVersion, backup_before_upgrade: false });
      await settleAfter(api, id, accepted, label(desired), `minor version → ${desired.engineVersion}`);
    },
  },
];

export const clusterDefinition: ResourceDefinition<ClusterInputs, ClusterOutputs> = {
  kind: "scp:Cluster",
  schema: ClusterInputs as unknown as z.ZodType<ClusterInputs>,
  fields: clusterFields,
  validateChange,
  create,
  read: readCluster,
  settle,
  mutations: clusterMutations,
  uniqueName: true,
  delete: remove,
};
