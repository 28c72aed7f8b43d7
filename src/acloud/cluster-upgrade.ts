// acloud.ClusterUpgrade: an AME cluster version upgrade, now or in the cluster's next maintenance
// window, through `POST /api/v1/orgs/{org}/scheduled-cluster-upgrades` (which schedules or
// reschedules), guarded by the version rules before any mutating call and waited to the end: the
// record's terminal status *and* the cluster reporting the target version.
//
// The resource is the upgrade request, never the cluster: delete forgets a finished upgrade and
// cancels a pending one, and nothing here ever changes a cluster's version directly.

import { createOnce } from "../core/create";
import { InputError, WaitError } from "../core/errors";
import { assertAdoptable, type Context, type Mutation, type ResourceDefinition } from "../core/resource";
import { waitFor } from "../core/wait";
import { assertNamedRows } from "../core/endpoints";
import { AcloudClient, isUnsupported, type ScheduleBody } from "./client";
import { AVISI, acloudEndpoints } from "./endpoints";
import { isTerminal, type Cluster, type ScheduledUpgrade } from "./schemas";
import {
  describeState,
  formatWindow,
  isOpen,
  liveVersion,
  reachedByPlatform,
  reachedLevel,
  stillPending,
  targetStates,
  upgradeState,
  type WaitLevel,
} from "./upgrade-status";
import { judgeUpgrade } from "./versions";
import { RESCHEDULE, WAIT, upgradeFields, upgradeSchema, type UpgradeInputs, type UpgradeOutputs } from "./upgrade-inputs";

/**
 * The upgrade record a resource follows. A reschedule of a finished (e.g. MISSED) upgrade may get
 * a new identity from the API while the resource's id stays the first one; the read right after
 * the reschedule, in this same process, must follow the new record before the outputs carry it.
 */
const followed = new Map<string, string>();

interface Observed {
  record: ScheduledUpgrade;
  cluster: Cluster | undefined;
}

async function findCluster(
  api: AcloudClient,
  ref: { clusterIdentity?: string; environmentSlug?: string | null; clusterSlug?: string | null },
): Promise<Cluster | undefined> {
  if (ref.environmentSlug && ref.clusterSlug) return api.clusterBySlug(ref.environmentSlug, ref.clusterSlug);
  return ref.clusterIdentity ? api.clusterByIdentity(ref.clusterIdentity) : undefined;
}

async function resolveCluster(api: AcloudClient, i: UpgradeInputs): Promise<Cluster> {
  const cluster = await findCluster(api, i);
  if (!cluster) {
    const which = i.clusterIdentity
      ? `clusterIdentity ${i.clusterIdentity}`
      : `environmentSlug/clusterSlug ${i.environmentSlug}/${i.clusterSlug}`;
    throw new InputError(i.clusterIdentity ? "clusterIdentity" : "clusterSlug", `no cluster ${which} in organisation ${api.organisation}`);
  }
  return cluster;
}

/** The version rules and the window, checked against the live cluster before any mutating call. */
async function guard(api: AcloudClient, cluster: Cluster, { version, when }: UpgradeInputs): Promise<void> {
  if (when === "maintenanceWindow" && !cluster.maintenanceSchedule) {
    // Without a schedule there is no window: the upgrade would never run (TFM "Letting AME do the upgrading").
    throw new InputError(
      "when",
      `cluster ${cluster.slug} has no maintenance schedule, so "maintenanceWindow" has no window to ` +
        `use: assign a schedule to the cluster, or use when: "now". Nothing was changed`,
    );
  }
  if (reachedByPlatform(cluster, version)) {
    throw new InputError(
      "version",
      `cluster ${cluster.slug} already runs ${cluster.version} (platform auto-upgrade is ` +
        `on${cluster.updateChannel?.name ? `, channel ${cluster.updateChannel.name}` : ""}), which is at ` +
        `or past ${version}: nothing to upgrade; auto-upgrade would undo a downgrade`,
    );
  }
  const verdict = judgeUpgrade(cluster.version, version, await api.availableVersions(cluster));
  if (!verdict.ok) {
    throw new InputError(
      "version",
      `cannot upgrade cluster ${cluster.slug} from ${cluster.version} to ${version}: ` +
        `${verdict.reason}${verdict.nextAllowed ? ` (next allowed: ${verdict.nextAllowed})` : ""}. ` +
        `Nothing was changed`,
    );
  }
}

function scheduleBody(cluster: Cluster, i: UpgradeInputs): ScheduleBody {
  return {
    clusterIdentity: cluster.identity,
    version: i.version,
    // "now" bypasses the windows and starts as soon as the scheduler runs; the window mode uses
    // notBefore as the "from date" (seed 003), the API's own now when it is unset.
    ignoreMaintenanceSchedule: i.when === "now",
    ...(i.when === "maintenanceWindow" && i.notBefore ? { scheduleRequestDate: new Date(i.notBefore).toISOString() } : {}),
  };
}

/**
 * The record and, when the outcome depends on it, the cluster. Without a readable upgrade
 * endpoint the record is rebuilt from the last one known and the cluster's version decides.
 */
async function observe(api: AcloudClient, identity: string, last: ScheduledUpgrade): Promise<Observed | undefined> {
  const got = await api.upgrade(identity);
  if (got === undefined) return undefined;
  let record: ScheduledUpgrade;
  let cluster: Cluster | undefined;
  if (isUnsupported(got)) {
    cluster = await findCluster(api, last);
    record = { ...last, status: cluster?.version === last.toClusterVersion ? "SUCCEEDED" : last.status };
  } else {
    record = got;
    // Only a finished (or unknown) status depends on the cluster: an open upgrade needs no second call.
    if (!isOpen(record.status))
      cluster = await findCluster(
        api,
        record.environmentSlug && record.clusterSlug
          ? record
          : { ...record, environmentSlug: last.environmentSlug, clusterSlug: last.clusterSlug },
      );
  }
  return { record, cluster };
}

const label = (r: ScheduledUpgrade) => `upgrade of ${r.clusterSlug ?? r.clusterIdentity} to ${r.toClusterVersion}`;

async function waitUpgrade(api: AcloudClient, identity: string, known: ScheduledUpgrade, level: WaitLevel): Promise<Observed> {
  // The freshest record names the cluster by its slug for the progress lines, whatever the program used.
  const first = (await observe(api, identity, known))?.record ?? known;
  let last = first;
  try {
    const r = await waitFor<Observed | undefined>({
      resource: label(first),
      operation: level === "completed" ? "upgrade" : "scheduling",
      poll: async () => {
        const o = await observe(api, identity, last);
        if (o) last = o.record;
        return o;
      },
      status: (o) => (o ? upgradeState(o.record, o.cluster) : "<gone>"),
      target: targetStates(level),
      pending: stillPending,
      describe: (o, state) => describeState(o?.record, state),
      explain: (o) => o?.record.reason ?? undefined,
      key: `acloud:upgrade:${level}`,
    });
    return r.value!;
  } catch (err) {
    if (!(err instanceof WaitError)) throw err;
    const window = formatWindow(last.windowStart, last.windowEnd);
    const reason = last.reason ? `: ${last.reason}` : "";
    if (err.timedOut) {
      throw new Error(
        `${label(last)}: still ${describeState(last, err.lastState ?? last.status)} when the wait ended ` +
          `(DBAAS_WAIT_TIMEOUT_S); it stays scheduled, and the next \`pulumi up\` waits for it again`,
        { cause: err },
      );
    }
    if (err.lastState === "<gone>")
      throw new Error(`${label(last)} disappeared from the API while waiting (cancelled outside Pulumi?)`, { cause: err });
    throw new Error(
      `${label(last)} ended ${err.lastState}${reason}${window ? ` (window ${window})` : ""}. The ` +
        `cluster keeps ${last.fromClusterVersion ?? "its version"}; the upgrade stays in the state and ` +
        `the next \`pulumi up\` schedules it again`,
      { cause: err },
    );
  }
}

function outputsOf(o: Observed, inputs: UpgradeInputs, previous: Partial<UpgradeOutputs>): { inputs: UpgradeInputs; outs: UpgradeOutputs } {
  const { record, cluster } = o;
  const state = upgradeState(record, cluster);
  const reschedDate = record.scheduleRequestDate;
  const sameInstant = (a?: string, b?: string) => a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);
  const live: UpgradeInputs = {
    ...(inputs.clusterIdentity !== undefined
      ? { clusterIdentity: record.clusterIdentity }
      : { environmentSlug: record.environmentSlug ?? inputs.environmentSlug, clusterSlug: record.clusterSlug ?? inputs.clusterSlug }),
    version: liveVersion(record, cluster),
    when: record.ignoreMaintenanceSchedule == null ? inputs.when : record.ignoreMaintenanceSchedule ? "now" : "maintenanceWindow",
    waitFor: reachedLevel(inputs.waitFor ?? "completed", state),
  };
  // Only a declared notBefore is an input: the API echoes a "from date" (its own now) on every
  // answer. A declared one keeps its spelling when the echo is the same instant; another instant
  // is drift the program can see.
  const declared = inputs.notBefore !== undefined && inputs.notBefore !== null;
  const notBefore =
    !declared || reschedDate == null || live.when === "now"
      ? undefined
      : sameInstant(reschedDate, inputs.notBefore)
        ? inputs.notBefore
        : reschedDate;
  if (notBefore !== undefined) live.notBefore = notBefore;
  if (inputs.adopt !== undefined) live.adopt = inputs.adopt;
  const outs: UpgradeOutputs = {
    ...live,
    upgradeIdentity: record.identity,
    status: record.status,
    windowStart: record.windowStart,
    windowEnd: record.windowEnd,
    fromVersion: record.fromClusterVersion,
    toVersion: record.toClusterVersion,
    reason: record.reason,
    clusterVersion: cluster?.version ?? previous.clusterVersion,
    resolvedClusterIdentity: record.clusterIdentity,
    scheduleRequestDate: reschedDate ?? previous.scheduleRequestDate ?? undefined,
  };
  for (const k of Object.keys(outs) as (keyof UpgradeOutputs)[]) if (outs[k] === undefined) delete outs[k];
  return { inputs: live, outs };
}

/** The last record the outputs know, as the fallback for an API without a readable upgrade endpoint. */
function lastKnown(id: string, p: Partial<UpgradeOutputs>): ScheduledUpgrade {
  return {
    identity: followed.get(id) ?? p.upgradeIdentity ?? id,
    clusterIdentity: p.resolvedClusterIdentity ?? p.clusterIdentity ?? "",
    toClusterVersion: p.toVersion ?? p.version ?? "",
    fromClusterVersion: p.fromVersion,
    status: p.status ?? "REQUESTED",
    windowStart: p.windowStart,
    windowEnd: p.windowEnd,
    reason: p.reason,
    clusterSlug: p.clusterSlug,
    environmentSlug: p.environmentSlug,
    ignoreMaintenanceSchedule: p.when === undefined ? undefined : p.when === "now",
    scheduleRequestDate: p.scheduleRequestDate ?? p.notBefore,
  } as ScheduledUpgrade;
}

async function read(ctx: Context, id: string, previous: Partial<UpgradeOutputs>) {
  const api = AcloudClient.for(ctx);
  const last = lastKnown(id, previous);
  const o = await observe(api, last.identity, last);
  if (!o) return undefined;
  // The cluster is needed for the live version and the reached level whatever the status.
  if (!o.cluster) o.cluster = await findCluster(api, o.record.environmentSlug && o.record.clusterSlug ? o.record : last);
  return outputsOf(o, previous as UpgradeInputs, previous);
}

async function finishUpgrade(
  api: AcloudClient,
  ctx: Context,
  id: string,
  first: ScheduledUpgrade,
  inputs: UpgradeInputs,
): Promise<UpgradeOutputs> {
  await waitUpgrade(api, first.identity, first, inputs.waitFor);
  const r = await read(ctx, id, { ...inputs, upgradeIdentity: first.identity, ...recordOuts(first) });
  if (!r) throw new Error(`${label(first)} disappeared from the API right after the wait`);
  return r.outs;
}

const recordOuts = (r: ScheduledUpgrade): Partial<UpgradeOutputs> => ({
  status: r.status,
  windowStart: r.windowStart,
  windowEnd: r.windowEnd,
  toVersion: r.toClusterVersion,
  fromVersion: r.fromClusterVersion,
  resolvedClusterIdentity: r.clusterIdentity,
});

async function create(ctx: Context, inputs: UpgradeInputs) {
  const api = AcloudClient.for(ctx);
  const cluster = await resolveCluster(api, inputs);
  if (inputs.adopt) return adopt(ctx, api, cluster, inputs);
  let answer: ScheduledUpgrade | undefined;
  return createOnce<UpgradeInputs, UpgradeOutputs>(
    ctx,
    {
      what: () => `upgrade of cluster ${cluster.slug}`,
      // POST reschedules whatever is open for the cluster: an upgrade scheduled elsewhere is never
      // silently taken over (unless the journal proves this resource sent it).
      findByName: async () => {
        const open = await api.openUpgrades(cluster.identity);
        return isUnsupported(open)
          ? []
          : open.map((u) => ({ id: u.identity, state: `${u.status} to ${u.toClusterVersion}`, createdAt: u.createdAt }));
      },
      submit: async () => {
        await guard(api, cluster, inputs);
        answer = await api.schedule(scheduleBody(cluster, inputs));
        return answer.identity;
      },
      finish: async (c, id) => {
        const first =
          answer ??
          lastKnown(id, {
            ...inputs,
            upgradeIdentity: id,
            resolvedClusterIdentity: cluster.identity,
            clusterSlug: cluster.slug,
            environmentSlug: cluster.environmentSlug ?? inputs.environmentSlug,
          });
        return finishUpgrade(api, c, id, first, inputs);
      },
      provisional: (id) => ({
        ...inputs,
        upgradeIdentity: id,
        status: answer?.status ?? "REQUESTED",
        toVersion: inputs.version,
        resolvedClusterIdentity: cluster.identity,
        clusterVersion: cluster.version,
      }),
      readOuts: async (c, id) =>
        (
          await read(c, id, {
            ...inputs,
            upgradeIdentity: id,
            resolvedClusterIdentity: cluster.identity,
            ...(answer ? recordOuts(answer) : {}),
          })
        )?.outs,
    },
    inputs,
  );
}

async function adopt(ctx: Context, api: AcloudClient, cluster: Cluster, inputs: UpgradeInputs) {
  const id = inputs.adopt!;
  const got = await api.upgrade(id);
  if (got === undefined) throw new Error(`adopt: scheduled upgrade ${id} does not exist in organisation ${api.organisation}`);
  if (isUnsupported(got))
    throw new Error(
      `adopt: this Avisi API offers no endpoint to read scheduled upgrade ${id} (${got.why}); schedule ` +
        `it with this resource instead (remove adopt)`,
    );
  if (got.clusterIdentity !== cluster.identity)
    throw new Error(`adopt: scheduled upgrade ${id} belongs to cluster ${got.clusterSlug ?? got.clusterIdentity}, not ${cluster.slug}`);
  const live = outputsOf({ record: got, cluster }, inputs, {});
  assertAdoptable(
    `scheduled upgrade ${id}`,
    upgradeFields.filter((f) => f.key !== "waitFor"),
    live.inputs,
    inputs,
  );
  return { id, outs: await finishUpgrade(api, ctx, id, got, inputs) };
}

const mutations: Mutation<UpgradeInputs, UpgradeOutputs>[] = [
  {
    name: RESCHEDULE,
    endpoint: "POST /api/v1/orgs/{org}/scheduled-cluster-upgrades",
    availability: {
      effect: "restart",
      note: "every upgrade recycles the nodes; a minor upgrade may cause brief Kubernetes API downtime",
      source: "Avisi Cloud docs, update a cluster (shared/reference/avisi.md §2.5)",
    },
    async apply(ctx, id, _live, desired) {
      const api = AcloudClient.for(ctx);
      const cluster = await resolveCluster(api, desired);
      await guard(api, cluster, desired);
      const answer = await api.schedule(scheduleBody(cluster, desired));
      if (answer.identity !== id) followed.set(id, answer.identity);
      await waitUpgrade(api, answer.identity, answer, desired.waitFor);
    },
  },
  {
    name: WAIT,
    endpoint: "GET /api/v1/orgs/{org}/scheduled-cluster-upgrades/{identity} (polls only)",
    async apply(ctx, id, live, desired) {
      const api = AcloudClient.for(ctx);
      const last = lastKnown(id, live);
      await waitUpgrade(api, last.identity, last, desired.waitFor);
    },
  },
];

async function remove(ctx: Context, id: string, outs: UpgradeOutputs) {
  const api = AcloudClient.for(ctx);
  const last = lastKnown(id, outs);
  const o = await observe(api, last.identity, last);
  if (!o) return;
  // A finished upgrade (whatever its outcome) is history: deleting the resource only forgets it.
  if (isTerminal(o.record.status)) return;
  const window = formatWindow(o.record.windowStart, o.record.windowEnd);
  if (o.record.status === "IN_PROGRESS") {
    throw new Error(
      `${label(o.record)} is IN_PROGRESS and cannot be cancelled; wait for it to finish (\`pulumi ` +
        `refresh\`), then delete the resource again`,
    );
  }
  const cancelled = await api.cancel(o.record.identity);
  if (isUnsupported(cancelled)) {
    throw new Error(
      `${label(o.record)} is ${o.record.status}${window ? ` for ${window}` : ""} and this Avisi API ` +
        `has no public cancel endpoint (DELETE ${api.upgradesPath}/{identity}: ${cancelled.why}). ` +
        "It would still run, so the resource was not deleted. Cancel it in the Avisi Cloud console, or " +
        "keep the upgrade and drop it from the stack with `pulumi state delete <urn>`",
    );
  }
  ctx.log(
    `${label(o.record)}: ${cancelled === "gone" ? "already gone" : "cancelled"}; the cluster keeps ` +
      `${o.cluster?.version ?? o.record.fromClusterVersion ?? "its version"}`,
  );
  followed.delete(id);
}

/**
 * Preview's share of the create's checks: the cluster exists, and the version is one the API lists
 * (or the one the cluster runs). The rules that depend on the moment (window, auto-upgrade, upgrade
 * path) stay with `up`: a create resumed after a lost answer may find its own upgrade done.
 */
async function checkCatalog(ctx: Context, news: Partial<UpgradeInputs>, olds: Partial<UpgradeInputs>) {
  const refs = ["clusterIdentity", "environmentSlug", "clusterSlug", "version"] as const;
  const named = news.clusterIdentity !== undefined || (news.environmentSlug !== undefined && news.clusterSlug !== undefined);
  if (news.adopt !== undefined || !named || news.version === undefined || refs.every((k) => news[k] === olds[k])) return;
  const api = AcloudClient.for(ctx);
  const cluster = await resolveCluster(api, news as UpgradeInputs);
  const available = await api.availableVersions(cluster);
  if (news.version === cluster.version || available.includes(news.version)) return;
  const verdict = judgeUpgrade(cluster.version, news.version, available);
  throw new InputError("version", verdict.ok ? `${news.version} is not an available cluster version` : verdict.reason);
}

export const clusterUpgradeDefinition: ResourceDefinition<UpgradeInputs, UpgradeOutputs> = {
  kind: "acloud:ClusterUpgrade",
  schema: upgradeSchema,
  fields: upgradeFields,
  create,
  read,
  checkCatalog,
  mutations,
  // A cluster has at most one open upgrade (the POST reschedules it), and the create look-up
  // refuses one it did not schedule: a replacement (say, the cluster named by identity instead of
  // by slug) must cancel or forget the old upgrade before scheduling the new one.
  uniqueName: true,
  delete: remove,
  // Deleting cancels a pending upgrade (when this Avisi API offers the call); a finished one is only forgotten.
  calls: {
    create: "POST /api/v1/orgs/{org}/scheduled-cluster-upgrades",
    delete: "DELETE /api/v1/orgs/{org}/scheduled-cluster-upgrades/{identity}",
  },
};
// The README, the hover docs and the plan name these rows: each must be one the client calls.
assertNamedRows(AVISI, acloudEndpoints, clusterUpgradeDefinition);
