/**
 * The model of the simulated Selectel DBaaS: statuses and their transitions (reference §2, GO
 * `dbaas.go`), the objects a region holds, and the timestamp format. No behaviour here.
 */
import type { DatastoreType, Engine } from "./catalog";
import type { PoolerSpec } from "./schemas";

// ---- statuses and transition tables ----

/** Every status of the API (reference §2, GO `dbaas.go`). */
export const STATUSES = [
  "ACTIVE",
  "DELETED",
  "DEGRADED",
  "DISK_FULL",
  "ERROR",
  "PENDING_CREATE",
  "PENDING_UPDATE",
  "PENDING_DELETE",
  "DOWN",
  "RESIZING",
] as const;
export type Status = (typeof STATUSES)[number];
export const TRANSITIONAL: ReadonlySet<Status> = new Set(["PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE", "RESIZING"]);
/** Stable statuses a datastore may be deleted from. */
export const DELETABLE: ReadonlySet<Status> = new Set(["ACTIVE", "ERROR", "DEGRADED", "DISK_FULL", "DOWN"]);

export interface Transition {
  during: Status;
  /** `gone`: the object disappears (GET → 404). */
  to: Status | "gone";
  failTo: Status;
  steps: number;
}

export const DATASTORE_TRANSITIONS = {
  create: { during: "PENDING_CREATE", to: "ACTIVE", failTo: "ERROR", steps: 2 },
  update: { during: "PENDING_UPDATE", to: "ACTIVE", failTo: "ERROR", steps: 1 },
  resize: { during: "RESIZING", to: "ACTIVE", failTo: "ERROR", steps: 2 },
  delete: { during: "PENDING_DELETE", to: "gone", failTo: "ERROR", steps: 1 },
} as const satisfies Record<string, Transition>;

export const CHILD_TRANSITIONS = {
  create: { during: "PENDING_CREATE", to: "ACTIVE", failTo: "ERROR", steps: 1 },
  update: { during: "PENDING_UPDATE", to: "ACTIVE", failTo: "ERROR", steps: 1 },
  delete: { during: "PENDING_DELETE", to: "gone", failTo: "ERROR", steps: 1 },
} as const satisfies Record<string, Transition>;

// ---- model ----

export interface Instance {
  id: string;
  ip: string;
  floating_ip: string | null;
  role: "MASTER" | "REPLICA";
  role_name: string;
  status: Status;
  hostname: string;
  availability_zone: string;
}

export interface Datastore {
  id: string;
  project_id: string;
  region: string;
  name: string;
  status: Status;
  enabled: boolean;
  type: DatastoreType;
  subnet_id: string;
  flavor_id: string;
  flavor: { vcpus: number; ram: number; disk: number; disk_type: string };
  node_count: number;
  /** Values as sent (typed); views.ts prints numbers as floats. */
  config: Record<string, unknown>;
  connection: Record<string, string>;
  instances: Instance[];
  firewall: string[];
  pooler: PoolerSpec | null;
  security_groups: string[];
  log_platform: { log_group: string } | null;
  backup_retention_days: number;
  allow_restore: boolean;
  is_maintenance: boolean;
  is_protected: boolean;
  /** Stored, never serialised. */
  redis_password: string | null;
  created_ms: number;
  created_at: string;
  updated_at: string;
  creation_finished_at: string | null;
}

export interface ChildBase {
  id: string;
  project_id: string;
  datastore_id: string;
  status: Status;
  created_ms: number;
  created_at: string;
  updated_at: string;
}
export interface User extends ChildBase {
  name: string;
  password: string;
}
export interface Database extends ChildBase {
  name: string;
  owner_id: string | null;
  lc_collate: string;
  lc_ctype: string;
}
export interface Grant extends ChildBase {
  database_id: string;
  user_id: string;
}
export interface Extension extends ChildBase {
  available_extension_id: string;
  database_id: string;
}
export interface Topic extends ChildBase {
  name: string;
  partitions: number;
}
export interface Acl extends ChildBase {
  pattern: string | null;
  pattern_type: string;
  user_id: string;
  allow_read: boolean;
  allow_write: boolean;
}
export interface Slot extends ChildBase {
  name: string;
  database_id: string;
  in_use: boolean;
  size: number;
}
export interface PrometheusToken {
  id: string;
  project_id: string;
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
}

export interface ChildKinds {
  users: User;
  databases: Database;
  grants: Grant;
  extensions: Extension;
  topics: Topic;
  acls: Acl;
  "logical-replication-slots": Slot;
}
export type ChildKind = keyof ChildKinds;
export const CHILD_KINDS: readonly ChildKind[] = [
  "users",
  "databases",
  "grants",
  "extensions",
  "topics",
  "acls",
  "logical-replication-slots",
];
/** Entity names in 404 messages. */
export const ENTITY: Record<ChildKind, string> = {
  users: "user",
  databases: "database",
  grants: "grant",
  extensions: "extension",
  topics: "topic",
  acls: "acl",
  "logical-replication-slots": "logical replication slot",
};
/** Which engines have which children. */
export const CHILD_ENGINES: Record<ChildKind, readonly Engine[]> = {
  users: ["postgresql", "mysql", "mysql_native", "kafka"],
  databases: ["postgresql", "mysql", "mysql_native"],
  grants: ["postgresql", "mysql", "mysql_native"],
  extensions: ["postgresql"],
  topics: ["kafka"],
  acls: ["kafka"],
  "logical-replication-slots": ["postgresql"],
};

/** What the HTTP layer passes along with a mutation. */
export interface MutationContext {
  /** The token's project. */
  project: string;
  /** Consumes a matching `fail-operation` fault; called only once the mutation is accepted. */
  takeFailure(): boolean;
}

/** Timestamps as the API prints them: UTC, no zone (reference §1.3). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export const LOCALES = ["C", "POSIX", "C.UTF-8", "en_US.UTF-8", "ru_RU.UTF-8"];
