/**
 * Serialisers: model → the API's JSON. Quirks kept on purpose (reference §1.3, §4, pitfall 8):
 * timestamps without zone, `"floating_ip": "None"` for an instance without a public IP, and numbers
 * in `config` printed as floats (`256.0`), as the Python service echoes them.
 */
import type { AvailableExtension, ConfigParameter, DatastoreType, Flavor } from "./catalog";
import type {
  Acl,
  ChildBase,
  ChildKind,
  ChildKinds,
  Database,
  Datastore,
  Extension,
  Grant,
  PrometheusToken,
  RegionState,
  Slot,
  Topic,
  User,
} from "./state";

type RawJson = (text: string) => unknown;
const rawJSON: RawJson | undefined = (JSON as unknown as { rawJSON?: RawJson }).rawJSON;

/** A JSON number printed with a fraction (`256` → `256.0`) where the runtime can (Node ≥ 21). */
export function pyFloat(n: number): unknown {
  if (!rawJSON || !Number.isFinite(n)) return n;
  const s = String(n);
  return rawJSON(/[.eE]/.test(s) ? s : `${s}.0`);
}

export function configView(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "number" ? pyFloat(v) : v]));
}

export function datastoreView(d: Datastore, region: RegionState): Record<string, unknown> {
  const count = (m: Map<string, ChildBase>) => [...m.values()].filter((c) => c.datastore_id === d.id).length;
  return {
    id: d.id,
    created_at: d.created_at,
    updated_at: d.updated_at,
    creation_finished_at: d.creation_finished_at,
    project_id: d.project_id,
    name: d.name,
    status: d.status,
    enabled: d.enabled,
    type_id: d.type.id,
    subnet_id: d.subnet_id,
    flavor_id: d.flavor_id,
    flavor: { ...d.flavor },
    node_count: d.node_count,
    connection: { ...d.connection },
    config: configView(d.config),
    instances: d.instances.map((i) => ({ ...i, floating_ip: i.floating_ip ?? "None" })),
    firewall: d.firewall.map((ip) => ({ ip })),
    pooler: d.pooler ? { ...d.pooler } : null,
    security_groups: [...d.security_groups],
    log_platform: d.log_platform ? { ...d.log_platform } : null,
    databases_count: count(region.children.databases),
    topics_count: count(region.children.topics),
    disk_used: 0,
    backup_retention_days: d.backup_retention_days,
    allow_restore: d.allow_restore,
    is_maintenance: d.is_maintenance,
    is_protected: d.is_protected,
  };
}

const base = (c: ChildBase) => ({
  id: c.id,
  created_at: c.created_at,
  updated_at: c.updated_at,
  project_id: c.project_id,
  datastore_id: c.datastore_id,
  status: c.status,
});

export const CHILD_VIEWS: { [K in ChildKind]: (c: ChildKinds[K]) => Record<string, unknown> } = {
  users: (u: User) => ({ ...base(u), name: u.name }),
  databases: (d: Database) => ({ ...base(d), name: d.name, owner_id: d.owner_id, lc_collate: d.lc_collate, lc_ctype: d.lc_ctype }),
  grants: (g: Grant) => ({ ...base(g), database_id: g.database_id, user_id: g.user_id }),
  extensions: (e: Extension) => ({ ...base(e), available_extension_id: e.available_extension_id, database_id: e.database_id }),
  topics: (t: Topic) => ({ ...base(t), name: t.name, partitions: t.partitions }),
  acls: (a: Acl) => ({
    ...base(a),
    pattern: a.pattern,
    pattern_type: a.pattern_type,
    user_id: a.user_id,
    allow_read: a.allow_read,
    allow_write: a.allow_write,
  }),
  "logical-replication-slots": (s: Slot) => ({ ...base(s), name: s.name, database_id: s.database_id, in_use: s.in_use, size: s.size }),
};

export const prometheusTokenView = (t: PrometheusToken) => ({ ...t });
export const datastoreTypeView = (t: DatastoreType) => ({ id: t.id, engine: t.engine, version: t.version });
export const flavorView = (f: Flavor) => ({
  ...f,
  datastore_type_ids: [...f.datastore_type_ids],
  ...(f.host ? { host: { ...f.host } } : {}),
});
export const configParameterView = (c: ConfigParameter) => ({
  ...c,
  choices: c.choices ? [...c.choices] : null,
  invalid_values: c.invalid_values ? [...c.invalid_values] : null,
});
export const availableExtensionView = (a: AvailableExtension) => ({
  ...a,
  datastore_type_ids: [...a.datastore_type_ids],
  dependency_ids: [...a.dependency_ids],
});
