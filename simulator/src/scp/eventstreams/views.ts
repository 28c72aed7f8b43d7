/**
 * EventStreams' response shapes (`EventStreamsClusterDetailResponseV1Dot1`): the kit's
 * (../kit/views.ts) plus Kafka's own fields. The 1.1 detail has no `ha_enabled` and no
 * `akhq_enabled`: AKHQ shows as an instance group. No document prints the ports, so they follow
 * the SDK model (integers).
 */
import { clusterDetailBase, clusterSummaryBase } from "../kit/views";
import { EVENTSTREAMS_CATALOG } from "./catalog";
import type { EventStreamsCluster } from "./state";

export function clusterDetailView(c: EventStreamsCluster): unknown {
  return {
    ...clusterDetailBase(c, EVENTSTREAMS_CATALOG),
    init_config_option: { broker_port: c.broker_port, zookeeper_port: c.zookeeper_port },
    is_combined: c.is_combined,
    service_watch_log_collection: c.service_watch_log_collection ?? false,
  };
}

export function clusterSummaryView(c: EventStreamsCluster): unknown {
  return clusterSummaryBase(c);
}
