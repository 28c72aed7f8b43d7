// What a change does to the database's availability, as the cloud's own documents say it: data
// next to the mutation that makes the change, read by `pulumi-dbaas plan` (src/cli/plan). A
// mutation without one is reported as "not documented": nothing here is guessed.

export interface Availability {
  /**
   * `restart`: the database restarts; `downtime`: it is unavailable for a while; `failover`: a
   * standby takes over; `none`: documented as online.
   */
  effect: "restart" | "downtime" | "failover" | "none";
  /** When the effect depends on the values (a single-node cluster), the rule; without it the effect always applies. The props are spelled out: resource.ts imports this module, never the reverse. */
  applies?: (olds: Record<string, unknown>, news: Record<string, unknown>) => boolean;
  /** The condition or detail in words, e.g. "a single-node cluster is unavailable during the resize". */
  note: string;
  /** Where the cloud says so. */
  source: string;
}

/** The calls that create and delete an object of a kind (`METHOD /path`), for the plan of a create, delete or replace. */
export interface LifecycleCalls {
  create: string;
  delete: string;
}
