// Named types of the `selectel` inputs and outputs (re-exported by index.ts, so programs can name
// them: `dbaas.selectel.Flavor`).

import type * as pulumi from "@pulumi/pulumi";

/** A flavor by size, instead of a `flavorId`. */
export interface Flavor {
  /** Virtual CPUs. */
  vcpus: number;
  /** Memory in MB. */
  ram: number;
  /** Disk in GB; may only grow. */
  disk: number;
}

/** The PostgreSQL connection pooler. */
export interface Pooler {
  /** "session", "transaction" or "statement". */
  mode: "session" | "transaction" | "statement";
  /** Pool size: 1–500. */
  size: number;
}

/** Where a new cluster is restored from (read at creation only). */
export interface Restore {
  /** The source cluster's id. */
  clusterId: string;
  /** "YYYY-MM-DDTHH:MM:SS". */
  targetTime: string;
}

/** A server of a cluster. */
export interface ClusterInstance {
  /** The server's id. */
  id: string;
  /** Private address. */
  ip: string;
  /** Public address, or "" without one. */
  floatingIp: string;
  /** "master" or "replica". */
  role: string;
  /** ACTIVE, PENDING_UPDATE, … */
  status: string;
  /** The server's host name. */
  hostname: string;
}

/**
 * A Selectel service user and project, for the resources that name it in `account` (in the
 * spirit of an explicit provider instance; the stack config `selectel:*` stays the default).
 * Values may be secret Outputs (`config.requireSecret`); they are stored as secrets either way.
 */
export interface Account {
  /** Service user name (like `selectel:username`). */
  username: pulumi.Input<string>;
  /** Its password (like `selectel:password`). */
  password: pulumi.Input<string>;
  /** Account id, the user's domain (like `selectel:accountId`). */
  accountId: pulumi.Input<string>;
  /** Project id (like `selectel:projectId`). */
  projectId: pulumi.Input<string>;
  /** Region, e.g. "ru-7"; left out: `selectel:region` in stack config, else ru-7. */
  region?: pulumi.Input<string>;
  /** Keystone URL; left out: `selectel:authUrl` in stack config, else the public one. */
  authUrl?: pulumi.Input<string>;
  /** DBaaS endpoint override; left out: `selectel:endpoint` in stack config, else the service catalog's. */
  endpoint?: pulumi.Input<string>;
}

/**
 * Inputs every Selectel resource takes besides its own: the account it lives in, when not the
 * stack's (README "Several accounts").
 */
export interface WithAccount {
  /**
   * The Selectel service user and project this resource is managed in, instead of the `selectel:*`
   * stack config: one
   * `Account` object, declared once and passed to each resource of that account. Stored in the
   * state as a secret, in the inputs and the outputs, so that refresh and destroy reach the same
   * account without the program. New credentials for the same place update the resource without
   * calling the API; another place replaces it.
   */
  account?: pulumi.Input<Account>;
}
