// Named types of the `selectel` inputs and outputs (re-exported by index.ts, so programs can name
// them: `dbaas.selectel.Flavor`).

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
