/**
 * The cluster model every SCP DBaaS engine shares (reference scp.md §2.5, §3): service states and
 * the transition table, the async request record, instance groups with their block storages and
 * instances, maintenance, backups and parameters, and the pure helpers. An engine's cluster type
 * extends {@link KitCluster} with its own fields (database name, Redis commands, Kafka ports, …).
 */
import { createHash, randomBytes } from "node:crypto";
import { ScpValidationError, type FieldIssue } from "../errors";
import type { EngineVersion, ParameterDef } from "./catalog";

// ---- states and the transition table ----

export const SERVICE_STATES = [
  "RUNNING",
  "STOPPED",
  "UNKNOWN",
  "ERROR",
  "FAILED",
  "TERMINATED",
  "CREATING",
  "STOPPING",
  "STARTING",
  "RESTARTING",
  "EDITING",
  "SYNCHRONIZING",
  "UPGRADING",
  "TERMINATING",
  "MIGRATING",
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];
export const STABLE: ReadonlySet<ServiceState> = new Set(["RUNNING", "STOPPED", "UNKNOWN", "ERROR", "FAILED", "TERMINATED"]);

export interface Transition {
  /** Stable states the operation may start from. */
  from: readonly ServiceState[];
  /** Transitional state while in flight. */
  during: ServiceState;
  /** State on success; `previous` = the state before; `gone` = the cluster disappears. */
  to: ServiceState | "previous" | "gone";
  /** State when the operation fails (fault injection); default `previous`. */
  failTo?: ServiceState;
  steps: number;
}

/** Transitions as data (reference scp.md §2.5), the same for every engine. */
export const TRANSITIONS = {
  create: { from: [], during: "CREATING", to: "RUNNING", failTo: "FAILED", steps: 1 },
  terminate: { from: ["RUNNING", "STOPPED", "FAILED", "ERROR"], during: "TERMINATING", to: "gone", steps: 1 },
  start: { from: ["STOPPED"], during: "STARTING", to: "RUNNING", steps: 1 },
  stop: { from: ["RUNNING"], during: "STOPPING", to: "STOPPED", steps: 1 },
  restart: { from: ["RUNNING"], during: "RESTARTING", to: "RUNNING", steps: 1 },
  edit: { from: ["RUNNING"], during: "EDITING", to: "RUNNING", steps: 1 },
  upgrade: { from: ["RUNNING"], during: "UPGRADING", to: "RUNNING", steps: 1 },
  sync: { from: ["RUNNING", "STOPPED"], during: "SYNCHRONIZING", to: "previous", steps: 1 },
} as const satisfies Record<string, Transition>;
export type OperationKind = keyof typeof TRANSITIONS;

/**
 * States of `GET /v1/requests/{id}`. The real enum is not published (reference §5): these three
 * values are the simulator's choice.
 */
export type RequestState = "IN_PROGRESS" | "COMPLETED" | "FAILED";

export interface RequestRecord {
  request_id: string;
  state: RequestState;
  operation: string;
  resource_id: string;
  cluster_id: string;
  created_at: string;
}

export interface AsyncResult {
  request_id: string;
  resource_id: string;
}

/** What the HTTP layer passes along with a mutation. */
export interface MutationContext {
  /** Consumes a matching `fail-operation` fault; called only once the mutation is accepted. */
  takeFailure(): boolean;
}

// ---- the shared cluster model ----

export interface BlockStorage {
  id: string;
  name: string;
  role_type: string;
  size_gb: number;
  volume_type: string;
}

export interface Instance {
  name: string;
  role_type: string;
  service_ip_address: string;
  public_ip_id: string | null;
  public_ip_address: string | null;
}

export interface InstanceGroup {
  id: string;
  role_type: string;
  server_type_name: string;
  block_storage_groups: BlockStorage[];
  instances: Instance[];
}

export interface Maintenance {
  period_hour: string;
  starting_day_of_week: string;
  starting_time: string;
}

export interface BackupHistory {
  backup_history_number: string;
  backup_start_at: string;
  backup_end_at: string;
  backup_size_gb: number;
  backup_state: "COMPLETED";
  backup_state_detail: string | null;
  software_version: string;
}

export interface Parameter {
  def: ParameterDef;
  id: string;
  applied_value: string;
}

export type Tag = { key: string; value?: string | null };

export interface KitCluster {
  id: string;
  name: string;
  account_id: string;
  created_at: string;
  created_by: string;
  modified_at: string;
  modified_by: string;
  engine: EngineVersion;
  nat_enabled: boolean;
  subnet_id: string;
  timezone: string;
  region: string;
  instance_name_prefix: string;
  allowable_ip_addresses: string[];
  tags: Tag[];
  /** Stored to mirror the service; never serialised. */
  password: string;
  instance_groups: InstanceGroup[];
  maintenance: Maintenance | null;
  role_type: "ORIGIN" | "REPLICA" | "RECOVERY" | "SECONDARY";
  origin_cluster_id: string | null;
  service_state: ServiceState;
  parameters: Parameter[];
  parameters_modified_at: string;
  /** The backup setting (its fields differ per engine: PostgreSQL adds the archive frequency). */
  backup_option: Record<string, string> | null;
  backups: BackupHistory[];
  /** Label of the operation in flight, if any. */
  operation: string | null;
}

export interface ListClustersQuery {
  size: number;
  page: number;
  sort: string;
  name?: string;
  service_state?: string;
}

// ---- helpers ----

/** Timestamps as the API returns them: UTC, without a zone suffix. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export const newId = (): string => randomBytes(16).toString("hex");

export function subnetBase(subnetId: string): string {
  const h = createHash("sha256").update(subnetId).digest();
  return `10.${h[0] % 250}.${h[1] % 250}`;
}

export function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function throwIfIssues(issues: FieldIssue[]): void {
  if (issues.length) throw new ScpValidationError(issues);
}

/** Check a new parameter value against the parameter's `allows_value`. Returns a message or undefined. */
export function checkParameterValue(def: ParameterDef, value: string): string | undefined {
  if (def.data_type === "integer") {
    const m = /^(-?\d+)-(-?\d+)$/.exec(def.allows_value);
    if (!/^-?\d+$/.test(value)) return `must be an integer`;
    if (m && (Number(value) < Number(m[1]) || Number(value) > Number(m[2]))) return `must be within ${m[1]}..${m[2]}`;
    return undefined;
  }
  if (def.data_type === "enum" || def.data_type === "boolean") {
    const choices = def.allows_value.split(",");
    return choices.includes(value) ? undefined : `must be one of ${choices.join(", ")}`;
  }
  return value.length > 1024 ? "must be at most 1024 characters" : undefined;
}
