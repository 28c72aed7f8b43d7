// Avisi Cloud API shapes (seed 003, reference/avisi.md), parsed tolerantly: slugs arrive as strings
// or as `{"slugValue": …}` (the OpenAPI renders them as objects), lists as arrays or Spring pages,
// and unknown fields and future statuses are kept rather than refused.

import { z } from "zod";

// The statuses the API documents (seed 003): REQUESTED, SCHEDULED, SCHEDULED_NOTIFIED, IN_PROGRESS,
// SUCCEEDED, SUPERSEDED, FAILED, MISSED. Others may appear later: they are waited on.
/** Terminal statuses that are not a success: the wait ends with the API's reason. */
export const UNSUCCESSFUL = ["FAILED", "MISSED", "SUPERSEDED"] as const;
/** Scheduled and not finished: a second POST for the cluster would reschedule this one. */
export const OPEN_STATUSES = ["REQUESTED", "SCHEDULED", "SCHEDULED_NOTIFIED", "IN_PROGRESS"] as const;

export const isUnsuccessful = (status: string) => (UNSUCCESSFUL as readonly string[]).includes(status);
export const isTerminal = (status: string) => status === "SUCCEEDED" || isUnsuccessful(status);

export const Slug = z
  .union([z.string(), z.object({ slugValue: z.string() }).passthrough()])
  .transform((v) => (typeof v === "string" ? v : v.slugValue));

const optText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

export const ScheduledUpgrade = z
  .object({
    identity: z.string().min(1),
    clusterIdentity: z.string().min(1),
    createdAt: optText,
    modifiedAt: optText,
    windowStart: optText,
    windowEnd: optText,
    reason: optText,
    fromClusterVersion: optText,
    toClusterVersion: z.string(),
    status: z.string(),
    clusterSlug: Slug.nullish(),
    environmentSlug: Slug.nullish(),
    organisationSlug: Slug.nullish(),
    scheduleRequestDate: optText,
    ignoreMaintenanceSchedule: z.boolean().nullish(),
  })
  .passthrough();
export type ScheduledUpgrade = z.infer<typeof ScheduledUpgrade>;

export const UpdateChannel = z
  .object({
    name: z.string(),
    available: z.boolean().nullish(),
    kubernetesClusterVersion: z.string().nullish(),
  })
  .passthrough();

const MaintenanceWindow = z.object({ day: z.string(), startTime: z.string(), duration: z.number() }).passthrough();

export const Cluster = z
  .object({
    identity: z.string(),
    name: z.string().nullish(),
    slug: Slug,
    environmentSlug: Slug.nullish(),
    version: z.string(),
    // GC models it as an object; accept a bare channel name too.
    updateChannel: z.union([UpdateChannel, z.string().transform((name) => ({ name }))]).nullish(),
    autoUpgrade: z.boolean().nullish(),
    status: z.string().nullish(),
    maintenanceSchedule: z
      .object({ identity: z.string(), name: z.string().nullish(), windows: z.array(MaintenanceWindow).nullish() })
      .passthrough()
      .nullish(),
  })
  .passthrough();
export type Cluster = z.infer<typeof Cluster>;

/** `GET /api/v1/cluster-versions`: GC reads `[{version}]`; plain strings are accepted too. */
export const ClusterVersion = z
  .union([z.string(), z.object({ version: z.string() }).passthrough()])
  .transform((v) => (typeof v === "string" ? v : v.version));

/** A Spring page (`content`, `last`, …) or, tolerated, a bare array. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.union([
    z.array(item).transform((content) => ({ content, last: true })),
    z
      .object({ content: z.array(item), last: z.boolean().nullish() })
      .passthrough()
      .transform((p) => ({ content: p.content, last: p.last ?? true })),
  ]);
}

/** The API's error body (seed 003): `{"message": string, "details": [string]}`. */
export function isAvisiError(body: unknown): boolean {
  return !!body && typeof body === "object" && typeof (body as any).message === "string" && Array.isArray((body as any).details);
}
