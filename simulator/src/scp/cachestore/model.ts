/**
 * The model of the simulated SCP CacheStore service: the kit's cluster (../kit/model.ts) plus what
 * is Redis's own: HA through Sentinel, the replica count, the Redis and Sentinel ports, and the
 * renameable commands.
 */
import type { KitCluster } from "../kit/model";
import type { CommandDef } from "./catalog";

export * from "../kit/model";

export interface Command {
  def: CommandDef;
  /** The name the command answers to now (its own name until renamed). */
  applied_value: string;
}

export interface CacheStoreCluster extends KitCluster {
  ha_enabled: boolean;
  replica_count: number;
  database_port: number;
  sentinel_port: number;
  commands: Command[];
  commands_updated_at: string;
}
