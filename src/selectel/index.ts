// Public classes of the `selectel` namespace (Selectel Managed Databases).

import * as pulumi from "@pulumi/pulumi";
import { DbaasResource, type Inputs as In } from "../resource-class";

type I<T> = pulumi.Input<T>;

export interface ClusterArgs {
  engine: I<"postgresql" | "mysql" | "redis" | "kafka">;
  /** Engine version, resolved to the datastore type id (e.g. "16"). */
  version: I<string>;
  /** Default: the resource name plus a 7-letter suffix (README "Auto-naming"). */
  name?: I<string>;
  subnetId: I<string>;
  nodeCount?: I<number>;
  /** Exactly one of flavorId or flavor. */
  flavorId?: I<string>;
  flavor?: I<In<{ vcpus: number; ram: number; disk: number }>>;
  diskType?: I<"local" | "network-ultra">;
  config?: I<Record<string, I<string | number | boolean | null>>>;
  firewall?: I<I<string>[]>;
  pooler?: I<In<{ mode: "session" | "transaction" | "statement"; size: number }>>;
  /** Redis only; secret. */
  redisPassword?: I<string>;
  /** Omit for the server's default group. */
  securityGroups?: I<I<string>[]>;
  /** Omit to leave it to selectel.BackupPolicy (or the default). */
  backupRetentionDays?: I<number>;
  deletionProtection?: I<boolean>;
  /** Create from another cluster at a point in time (create only). */
  restore?: I<In<{ clusterId: string; targetTime: string }>>;
  adopt?: I<string>;
}

export class Cluster extends DbaasResource {
  declare readonly status: pulumi.Output<string>;
  declare readonly typeId: pulumi.Output<string>;
  declare readonly connection: pulumi.Output<Record<string, string>>;
  declare readonly instances: pulumi.Output<any[]>;
  declare readonly effectiveFlavorId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly nodeCount: pulumi.Output<number>;
  constructor(name: string, args: ClusterArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Cluster", name, args, ["status", "typeId", "connection", "instances", "effectiveFlavorId"], ["connection", "redisPassword"], opts);
  }
}

export interface UserArgs { clusterId: I<string>; /** Default: the resource name plus a suffix (README "Auto-naming"). */ name?: I<string>; password: I<string>; adopt?: I<string> }
export class User extends DbaasResource {
  declare readonly status: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:User", name, args, ["status"], ["password"], opts);
  }
}

export interface DatabaseArgs { clusterId: I<string>; /** Default: the resource name plus a suffix (README "Auto-naming"). */ name?: I<string>; ownerId?: I<string>; lcCollate?: I<string>; lcCtype?: I<string>; adopt?: I<string> }
export class Database extends DbaasResource {
  declare readonly status: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: DatabaseArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Database", name, args, ["status"], [], opts);
  }
}

export interface GrantArgs { clusterId: I<string>; databaseId: I<string>; userId: I<string>; adopt?: I<string> }
export class Grant extends DbaasResource {
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: GrantArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Grant", name, args, ["status"], [], opts);
  }
}

export interface TopicArgs { clusterId: I<string>; /** Default: the resource name plus a suffix (README "Auto-naming"). */ name?: I<string>; partitions: I<number>; adopt?: I<string> }
export class Topic extends DbaasResource {
  declare readonly status: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly partitions: pulumi.Output<number>;
  constructor(name: string, args: TopicArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Topic", name, args, ["status"], [], opts);
  }
}

export interface AclArgs {
  clusterId: I<string>; userId: I<string>; patternType: I<"literal" | "prefixed" | "all">; pattern?: I<string>;
  allowRead?: I<boolean>; allowWrite?: I<boolean>; adopt?: I<string>;
}
export class Acl extends DbaasResource {
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: AclArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Acl", name, args, ["status"], [], opts);
  }
}

export interface ExtensionArgs { clusterId: I<string>; databaseId: I<string>; name?: I<string>; availableExtensionId?: I<string>; adopt?: I<string> }
export class Extension extends DbaasResource {
  declare readonly status: pulumi.Output<string>;
  declare readonly availableExtensionIdResolved: pulumi.Output<string>;
  constructor(name: string, args: ExtensionArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:Extension", name, args, ["status", "availableExtensionIdResolved"], [], opts);
  }
}

export interface LogExportConfigArgs { clusterId: I<string>; logGroup: I<string> }
export class LogExportConfig extends DbaasResource {
  constructor(name: string, args: LogExportConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:LogExportConfig", name, args, [], [], opts);
  }
}

export interface BackupPolicyArgs { clusterId: I<string>; retentionDays: I<number> }
export class BackupPolicy extends DbaasResource {
  constructor(name: string, args: BackupPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super("selectel:BackupPolicy", name, args, [], [], opts);
  }
}
