// SCP service states (reference/scp.md §2.5) and API versions, each written once.

// The service states: RUNNING, STOPPED, UNKNOWN, ERROR, FAILED, TERMINATED, and the transitional ones below.

/** States in which an operation is still running: waiters keep polling through them. */
export const TRANSITIONAL_STATES = [
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

export type ScpService = "postgresql" | "cachestore" | "eventstreams";
/** Every SCP API this package calls: the three DBaaS services, and the Resource Manager (tags; kit/tags.ts). */
export type ScpApi = ScpService | "resourcemanager";

/**
 * `Scp-Api-Version` per service. PostgreSQL 1.0 is deprecated and unsupported from 2026-05-31,
 * so PostgreSQL uses 1.1 (Show Cluster then carries `is_kernel_patchable`).
 */
export const API_VERSIONS: Record<ScpApi, string> = {
  postgresql: "1.1",
  cachestore: "1.0",
  eventstreams: "1.1",
  // The official provider's allowed Resource Manager version (P2 client/client.go `scp-resourcemanager: v1.0`).
  resourcemanager: "1.0",
};

/** States of `GET /v1/requests/{id}`. The API does not publish the enum; these are read leniently. */
export const REQUEST_DONE = ["COMPLETED", "SUCCEEDED", "SUCCESS", "DONE", "FINISHED"];
export const REQUEST_FAILED = ["FAILED", "ERROR", "CANCELED", "CANCELLED"];

export const DEFAULT_REGION = "kr-west1";
export const DEFAULT_ENVIRONMENT = "e";
