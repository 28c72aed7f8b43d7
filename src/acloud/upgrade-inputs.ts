// acloud.ClusterUpgrade's inputs: the schema `check` parses with, the outputs' shape, and the field
// table (replace list, property → mutation map, README table); the lifecycle is in ./cluster-upgrade.ts.

import { z } from "zod";
import type { FieldSpec } from "../core/diff";
import { VERSION_PATTERN } from "./versions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const upgradeSchema = z
  .object({
    /** The cluster by its identity (UUID)… */
    clusterIdentity: z.string().regex(UUID, "must be the cluster's identity, a UUID").optional(),
    /** …or by environment and cluster slug, resolved to the identity. */
    environmentSlug: z.string().min(1, "must not be empty").optional(),
    clusterSlug: z.string().min(1, "must not be empty").optional(),
    version: z.string().regex(VERSION_PATTERN, 'must be an AME version such as "v1.35.6-u-ame.4"'),
    /** "now" ignores the maintenance schedule; "maintenanceWindow" takes the next window after notBefore. */
    when: z.enum(["now", "maintenanceWindow"]),
    notBefore: z
      .string()
      .regex(ISO_WITH_ZONE, "must be an ISO 8601 date-time with a zone, e.g. 2026-12-01T00:00:00Z")
      .refine((s) => !Number.isNaN(Date.parse(s)), "is not a valid date")
      .optional(),
    /** "completed" (default): until the cluster runs the version; "scheduled": until the window is set. */
    waitFor: z.enum(["completed", "scheduled"]).default("completed"),
    /** Identity of an upgrade already scheduled, to take over instead of scheduling one. */
    adopt: z.string().regex(UUID, "must be a scheduled upgrade's identity, a UUID").optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const bySlug = v.environmentSlug !== undefined || v.clusterSlug !== undefined;
    if (v.clusterIdentity !== undefined && bySlug) {
      ctx.addIssue({
        code: "custom",
        path: ["clusterIdentity"],
        message: "set either clusterIdentity or environmentSlug + clusterSlug, not both",
      });
    } else if (v.clusterIdentity === undefined && (v.environmentSlug === undefined || v.clusterSlug === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [v.environmentSlug === undefined ? "environmentSlug" : "clusterSlug"],
        message: "the cluster is required: set clusterIdentity, or both environmentSlug and clusterSlug",
      });
    }
    if (v.notBefore !== undefined && v.when !== "maintenanceWindow") {
      ctx.addIssue({ code: "custom", path: ["notBefore"], message: 'applies only to when: "maintenanceWindow" ("now" starts at once)' });
    }
  });

export type UpgradeInputs = z.infer<typeof upgradeSchema>;
export interface UpgradeOutputs extends UpgradeInputs {
  upgradeIdentity: string;
  status: string;
  windowStart?: string;
  windowEnd?: string;
  fromVersion?: string;
  toVersion: string;
  reason?: string;
  /** The version the cluster reports now. */
  clusterVersion?: string;
  /** The "from date" the API recorded (its own now when `notBefore` is not declared). */
  scheduleRequestDate?: string;
  resolvedClusterIdentity: string;
}

export const RESCHEDULE = "reschedule";
export const WAIT = "wait";

export const upgradeFields: FieldSpec[] = [
  { key: "clusterIdentity", apply: { replace: true }, doc: "another cluster is another upgrade" },
  { key: "environmentSlug", apply: { replace: true } },
  { key: "clusterSlug", apply: { replace: true } },
  { key: "version", apply: { mutation: RESCHEDULE }, doc: "the same POST reschedules; guarded by the version rules" },
  { key: "when", apply: { mutation: RESCHEDULE } },
  // Left out, the API takes its own now as the "from date" and echoes it: that echo is an output
  // (scheduleRequestDate), never an input, so it cannot plan a second POST.
  {
    key: "notBefore",
    apply: { mutation: RESCHEDULE },
    omittedIsUnmanaged: true,
    doc: "left out: the API's now when scheduled (output `scheduleRequestDate`)",
  },
  { key: "waitFor", apply: { mutation: WAIT }, doc: "no call of its own: `completed` waits for an upgrade that was only scheduled" },
  { key: "adopt", apply: { ignore: true } },
];
