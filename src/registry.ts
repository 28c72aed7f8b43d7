// The one list of resource kinds. Adding a kind is its definition, its public class's words
// (src/<cloud>/classes/), and one line here; `npm run kinds` then writes its class and Args
// (src/<cloud>/generated/), its provider module (src/providers/), its row of src/kinds-meta.ts,
// and the runtime, `pulumi-dbaas adopt` and `npm run docs` (its reference page) read it from here.

import type { ResourceDefinition } from "./core/resource";
import type { PublicClass } from "./core/class-spec";

import { clusterDefinition as scpCluster } from "./scp/cluster";
import { replicaDefinition as scpReplica } from "./scp/postgresql/replica";
import { backupPolicyDefinition as scpBackupPolicy } from "./scp/backup-policy";
import { logExportDefinition as scpLogExportConfig } from "./scp/log-export";
import { selectelClusterDefinition } from "./selectel/cluster";
import {
  aclDefinition,
  databaseDefinition,
  extensionDefinition,
  grantDefinition,
  topicDefinition,
  userDefinition,
} from "./selectel/children";
import { backupPolicyDefinition, logExportDefinition } from "./selectel/settings";
import { clusterUpgradeDefinition } from "./acloud/cluster-upgrade";

import { clusterClass as scpClusterClass } from "./scp/classes/cluster";
import { replicaClass } from "./scp/classes/replica";
import { backupPolicyClass as scpBackupPolicyClass } from "./scp/classes/backup-policy";
import { logExportConfigClass as scpLogExportConfigClass } from "./scp/classes/log-export-config";
import { clusterClass as selectelClusterClass } from "./selectel/classes/cluster";
import { userClass } from "./selectel/classes/user";
import { databaseClass } from "./selectel/classes/database";
import { grantClass } from "./selectel/classes/grant";
import { topicClass } from "./selectel/classes/topic";
import { aclClass } from "./selectel/classes/acl";
import { extensionClass } from "./selectel/classes/extension";
import { logExportConfigClass } from "./selectel/classes/log-export-config";
import { backupPolicyClass } from "./selectel/classes/backup-policy";
import { clusterUpgradeClass } from "./acloud/classes/cluster-upgrade";

export interface Registered {
  readonly definition: ResourceDefinition<any, any>;
  /** The module that exports the definition, from src/ without extension (named in the generated files' first line). */
  readonly source: string;
  readonly class: PublicClass;
  /** The reference page that holds the kind's property → endpoint table(s) (`npm run docs`). */
  readonly page: string;
}

export const REGISTRY: readonly Registered[] = [
  { definition: scpCluster, source: "scp/cluster", class: scpClusterClass, page: "docs/resources/scp-cluster.md" },
  { definition: scpReplica, source: "scp/postgresql/replica", class: replicaClass, page: "docs/resources/scp-replica.md" },
  { definition: scpBackupPolicy, source: "scp/backup-policy", class: scpBackupPolicyClass, page: "docs/resources/scp-backup-policy.md" },
  {
    definition: scpLogExportConfig,
    source: "scp/log-export",
    class: scpLogExportConfigClass,
    page: "docs/resources/scp-log-export-config.md",
  },
  {
    definition: selectelClusterDefinition,
    source: "selectel/cluster",
    class: selectelClusterClass,
    page: "docs/resources/selectel-cluster.md",
  },
  { definition: userDefinition, source: "selectel/children", class: userClass, page: "docs/resources/selectel-children.md" },
  { definition: databaseDefinition, source: "selectel/children", class: databaseClass, page: "docs/resources/selectel-children.md" },
  { definition: grantDefinition, source: "selectel/children", class: grantClass, page: "docs/resources/selectel-children.md" },
  { definition: topicDefinition, source: "selectel/children", class: topicClass, page: "docs/resources/selectel-children.md" },
  { definition: aclDefinition, source: "selectel/children", class: aclClass, page: "docs/resources/selectel-children.md" },
  { definition: extensionDefinition, source: "selectel/children", class: extensionClass, page: "docs/resources/selectel-children.md" },
  {
    definition: logExportDefinition,
    source: "selectel/settings",
    class: logExportConfigClass,
    page: "docs/resources/selectel-settings.md",
  },
  {
    definition: backupPolicyDefinition,
    source: "selectel/settings",
    class: backupPolicyClass,
    page: "docs/resources/selectel-settings.md",
  },
  {
    definition: clusterUpgradeDefinition,
    source: "acloud/cluster-upgrade",
    class: clusterUpgradeClass,
    page: "docs/resources/acloud-cluster-upgrade.md",
  },
];
