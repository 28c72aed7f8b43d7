// What `pulumi-dbaas adopt` knows per resource kind beyond the definitions themselves: the class a
// program declares (src/registry.ts), what a read needs to start from, and which of two spellings a
// program uses.
// Everything about properties comes from the definitions' field tables. Every kind is adoptable
// with no mutating call: through its `adopt` input, or (settings without one) because its create
// sends nothing when the live value already is the declared one.

import type { Props } from "../core/resource";
import { REGISTRY } from "../registry";
import { BACKUP_POLICY_ENGINES } from "../scp/backup-policy";

/** What adoption needs of a kind beyond its field table; a kind not listed needs nothing more. */
export interface AdoptFacts {
  /** Starting points for the read, tried in order (scp:Cluster: one per engine, each its own service). */
  previous?: (opts: { region?: string; id: string }) => Props[];
  /** Properties another resource may own (one setting, one owner), beyond the rows marked `omittedIsUnmanaged`. */
  ownedElsewhere?: string[];
  /** Turns a read's inputs into the form the program declares (one of two spellings the API echoes). */
  shape?: (inputs: Props, outs: Props) => Props;
}

export interface KindFacts extends AdoptFacts {
  /** `scp.Cluster`: namespace and class as exported by the package (from src/registry.ts). */
  namespace: string;
  className: string;
}

const ADOPT: Record<string, AdoptFacts> = {
  "scp:Cluster": {
    // Read by id alone: the definition looks the id up in every engine's service.
    shape: dataDiskFirst,
  },
  "scp:Replica": {
    // An other-region replica is read through its region's endpoint (`--region`).
    previous: ({ region }) => [region === undefined ? {} : { region }],
    shape: dataDiskFirst,
  },
  // No `adopt` input: its create sends nothing when the cluster already shows the declared schedule.
  "scp:BackupPolicy": {
    // Id `<clusterId>/backups` (the cluster id alone works too); the cluster's engine decides the service.
    previous: ({ id }) => BACKUP_POLICY_ENGINES.map((engine) => ({ clusterId: id.split("/")[0], engine })),
  },
  "scp:LogExportConfig": {
    // Id `<clusterId>/<logType>`: the list of the cluster's exports is read for that log type.
    previous: ({ id }) => [{ clusterId: id.split("/")[0], logType: id.split("/")[1] }],
  },
  "selectel:Cluster": {
    ownedElsewhere: ["backupRetentionDays"], // by a selectel.BackupPolicy
    shape: (i) => ({
      ...i,
      // The API echoes both flavor spellings; a program declares exactly one, the id when there is one.
      ...(i.flavorId !== undefined && i.flavor !== undefined ? { flavor: undefined } : {}),
      // Kafka has no backups: whatever retention the API reports is not an input.
      ...(i.engine === "kafka" ? { backupRetentionDays: undefined } : {}),
    }),
  },
  // selectel:LogExportConfig and selectel:BackupPolicy have no `adopt` input either: their create
  // sends nothing when the datastore already shows the declared value.
  "acloud:ClusterUpgrade": {
    // The upgrade names its cluster by slugs when the API reports them, else by identity.
    shape: (i, outs) =>
      i.clusterIdentity === undefined && (i.environmentSlug === undefined || i.clusterSlug === undefined)
        ? { ...i, environmentSlug: undefined, clusterSlug: undefined, clusterIdentity: outs.resolvedClusterIdentity }
        : i,
  },
};

/** Every registered kind: its class, and what adoption needs beyond the field table. */
export const KINDS: Record<string, KindFacts> = Object.fromEntries(
  REGISTRY.map(({ definition: { kind }, class: { className } }) => [kind, { namespace: kind.split(":")[0], className, ...ADOPT[kind] }]),
);

/**
 * A read without declared disks lists them in the API's order; a program declares the DATA disk
 * first (check requires it). The adoption check matches disks by role, type and size, so the
 * order is the program's to choose.
 */
function dataDiskFirst(inputs: Props): Props {
  const disks = inputs.blockStorages as { roleType?: string }[] | undefined;
  if (!Array.isArray(disks)) return inputs;
  const isData = (d: { roleType?: string }) => (d.roleType ?? "DATA") === "DATA";
  return { ...inputs, blockStorages: [...disks.filter(isData), ...disks.filter((d) => !isData(d))] };
}

/** `scp:Cluster`, `scp.Cluster` and `scp/Cluster` all name the same kind. */
export function resolveKind(name: string): string | undefined {
  const normal = name.replace(/[./]/, ":");
  return Object.keys(KINDS).find((k) => k.toLowerCase() === normal.toLowerCase());
}
