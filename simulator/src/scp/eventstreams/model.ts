/**
 * The model of the simulated SCP EventStreams service: the kit's cluster (../kit/model.ts) plus
 * Kafka's own fields (combined ZooKeeper/broker nodes, AKHQ, ServiceWatch log collection, ports,
 * SASL ids; the SASL passwords are stored as the kit's `password` and never returned).
 */
import type { KitCluster } from "../kit/model";

export * from "../kit/model";

export interface EventStreamsCluster extends KitCluster {
  is_combined: boolean;
  akhq_enabled: boolean;
  service_watch_log_collection: boolean | null;
  broker_port: number;
  zookeeper_port: number;
  broker_sasl_id: string;
  zookeeper_sasl_id: string;
  akhq_id: string | null;
}
