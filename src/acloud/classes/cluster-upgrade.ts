// The public class acloud.ClusterUpgrade (acloud:ClusterUpgrade): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/acloud/generated/cluster-upgrade.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const clusterUpgradeClass: PublicClass = {
  className: "ClusterUpgrade",
  doc: [
    "An AME (Avisi Cloud Kubernetes) cluster version upgrade, now or in the cluster's next",
    "maintenance window, waited until it completes (or is scheduled). Credentials come from the stack",
    "config (`acloud:token`, `acloud:organisation`) or the environment.",
    "",
    "```ts",
    'const upgrade = new dbaas.acloud.ClusterUpgrade("prod-1-35", {',
    '  environmentSlug: "production",',
    '  clusterSlug: "prod",',
    '  version: "v1.35.6-u-ame.4",',
    '  when: "maintenanceWindow",',
    "});",
    "export const window = upgrade.windowStart;",
    "```",
  ],
  argsParam: "the upgrade.",
  get: {
    doc: [
      "Reads an existing scheduled upgrade by identity without managing it: Pulumi reads it on every",
      "`up`, `preview` and `refresh`, and never changes or deletes it (`pulumi destroy` only forgets it).",
    ],
    id: "the scheduled upgrade's identity (a UUID).",
  },
  inputs: {
    clusterIdentity: "The cluster's identity (UUID). Set this, or environmentSlug + clusterSlug.",
    environmentSlug: "The cluster's environment slug (with clusterSlug), resolved to the cluster's identity.",
    clusterSlug: "The cluster's slug (with environmentSlug), resolved to the cluster's identity.",
    version: 'Target version, e.g. "v1.35.6-u-ame.4": one minor version at a time; no downgrade across minor versions.',
    when: '"now" ignores the maintenance schedule; "maintenanceWindow" takes the next window after notBefore.',
    notBefore: 'ISO 8601 date-time with a zone; only with when: "maintenanceWindow" (default: now).',
    waitFor: '"completed" (default): until the cluster runs the version; "scheduled": until the window is set.',
    adopt: "Identity of an upgrade already scheduled, to take over instead of scheduling one.",
  },
  outputs: {
    clusterIdentity: "The cluster's identity, when declared.",
    environmentSlug: "The cluster's environment slug, when declared (or as the API reports it).",
    clusterSlug: "The cluster's slug, when declared (or as the API reports it).",
    version: "The target version.",
    when: '"now" or "maintenanceWindow".',
    notBefore: 'The earliest start, for "maintenanceWindow", when declared.',
    waitFor: 'How far the upgrade has got ("completed" or "scheduled").',
    adopt: "The upgrade identity it was adopted from, when adopted.",
  },
  computed: {
    upgradeIdentity: { type: "string", doc: "The scheduled upgrade's identity (the latest record, after a reschedule of a finished one)." },
    status: { type: "string", doc: "REQUESTED, SCHEDULED, SCHEDULED_NOTIFIED, IN_PROGRESS, SUCCEEDED, SUPERSEDED, FAILED or MISSED." },
    windowStart: { type: "string | undefined", doc: "Start of the maintenance window the upgrade runs in, when scheduled in one." },
    windowEnd: { type: "string | undefined", doc: "End of that window." },
    fromVersion: { type: "string | undefined", doc: "The version the cluster ran before the upgrade." },
    toVersion: { type: "string", doc: "The version the upgrade goes to." },
    reason: { type: "string | undefined", doc: "Why the upgrade failed or was missed." },
    clusterVersion: { type: "string | undefined", doc: "The version the cluster reported at the last read." },
    resolvedClusterIdentity: { type: "string", doc: "The cluster's identity, however it was declared." },
    scheduleRequestDate: {
      type: "string | undefined",
      doc: 'The "from date" the API recorded for the schedule: `notBefore`, or the API\'s own now when none was declared.',
    },
  },
};
