// Selectel Managed Databases statuses (reference/selectel.md §2) and defaults, each written once.

export const PENDING = ["PENDING_CREATE", "PENDING_UPDATE", "RESIZING"] as const;
export const FAILED = ["ERROR", "DEGRADED", "DISK_FULL", "DOWN"] as const;
export const ACTIVE = "ACTIVE";

export const DEFAULT_AUTH_URL = "https://cloud.api.selcloud.ru/identity/v3";
export const DEFAULT_REGION = "ru-7";
/** Keystone catalog service type of the DBaaS API. */
export const CATALOG_SERVICE = "managed-database";
/** Renew a token this long before it expires. */
export const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;
/**
 * Right after a change the API may still report the old ACTIVE: the first poll after a change
 * waits this long, and only evidence that the change was taken up ends the wait (client.ts
 * `waitDatastore`), never a bare ACTIVE or an unchanged whole-second `updated_at`.
 */
export const SETTLE_DELAY_MS = 1_000;
