// The public class scp.Replica (scp:Replica): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/scp/generated/replica.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const replicaClass: PublicClass = {
  className: "Replica",
  doc: [
    "A PostgreSQL read replica of an scp.Cluster, in the source's region or another one (`region`).",
    "`promoted: true` turns it into a standalone cluster that this resource keeps managing.",
    "",
    "```ts",
    'const ro = new dbaas.scp.Replica("orders-ro", {',
    "  sourceClusterId: cluster.id,",
    '  name: "orders-ro",',
    '  serverType: "db1v2m4",',
    '  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],',
    "});",
    "export const replicaEndpoint = ro.endpoint;",
    "```",
  ],
  argsParam: "the replica.",
  get: {
    doc: [
      "Reads an existing replica in the stack's region (`scp:region`) by id without managing it:",
      "Pulumi reads it on every `up`, `preview` and `refresh`, and never changes or deletes it",
      "(`pulumi destroy` only forgets it).",
    ],
    id: "the replica's cluster id (32 hex characters).",
  },
  argsDoc: "scp.Replica: a PostgreSQL read replica of an scp.Cluster, in its region or another one.",
  inputs: {
    sourceClusterId: "The PostgreSQL cluster to follow (pass `cluster.id`: Pulumi then deletes the replica first).",
    region: 'Another region (e.g. "kr-east1") for an other-region replica; absent: the source\'s region.',
    name: "3–19: a lower-case letter, then lower-case letters, digits or '-'.",
    subnetId: "Other region only (required there): a subnet of that region.",
    natEnabled: "Other region only: public (NAT) addresses.",
    tags: "Set at creation.",
    serverType: "The replica's server type, e.g. \"db1v2m4\" (checked against the replica region's server types).",
    blockStorages: "The replica's disks, as for scp.Cluster (PostgreSQL): the first is DATA; sizes may only grow.",
    allowedIps: "Client IPv4 addresses or CIDRs allowed to connect; a set.",
    maintenance: "The weekly maintenance window; left out, none.",
    promoted: "true promotes the replica to a standalone cluster (cannot be undone; the resource keeps managing it).",
    adopt: "Id of an existing replica to take over instead of creating one (`pulumi-dbaas adopt scp:Replica <id>` writes the declaration).",
  },
  outputs: {
    sourceClusterId: "The cluster the replica was made from.",
    region: "The other region, for an other-region replica; undefined in the source's region.",
    name: "The replica's name.",
    subnetId: "Other region only: the replica's subnet.",
    natEnabled: "Other region only: whether the replica has a public (NAT) address.",
    tags: "The tags set at creation.",
    serverType: "The replica's server type.",
    blockStorages: "The replica's block storages as it reports them, volume types filled in.",
    allowedIps: "Allowed client addresses as CIDRs, sorted.",
    maintenance: "The maintenance window; undefined when none is set.",
    promoted: "Whether the replica was promoted to a standalone cluster.",
    adopt: "The id the replica was adopted from, when it was adopted.",
  },
  computed: {
    serviceState: { type: "string", doc: "RUNNING, STOPPED, EDITING, … as the API reports it." },
    softwareVersion: { type: "string", doc: "The version the replica's software reports." },
    endpoint: { type: "string", doc: "`host:port` of the replica's instance." },
    instanceGroups: { type: "InstanceGroup[]", doc: "The replica's instance groups, with their servers and block storages." },
    blockStorageIds: { type: "string[]", doc: "The ids of `blockStorages`, index for index." },
    roleType: { type: "string", doc: "REPLICA (same region) or SECONDARY (other region) while following; ORIGIN once promoted." },
    followingClusterId: { type: "string", doc: 'The cluster it follows: the source until promoted, then "".' },
  },
};
