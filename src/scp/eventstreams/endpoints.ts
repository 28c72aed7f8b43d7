// The SCP EventStreams endpoint table (API 1.1; shapes from the SDK's 1.1 models, reference/scp.md
// §2–3, seed 000): the shared rows plus EventStreams' own. No backups and no block storage add:
// the service has neither endpoint.

import { z } from "zod";
import { clusterEndpoints, endpointTable } from "../kit/endpoints";
import { AsyncResponse, EventStreamsCluster } from "../schemas";

const str = z.string();
const strs = z.array(str);

export const EventStreamsCreateRequest = z
  .object({
    name: str,
    dbaas_engine_version_id: str,
    subnet_id: str,
    instance_name_prefix: str,
    is_combined: z.boolean(),
    akhq_enabled: z.boolean(),
    nat_enabled: z.boolean(),
    timezone: str,
    service_watch_log_collection: z.boolean(),
    allowable_ip_addresses: strs,
    init_config_option: z
      .object({
        broker_port: z.number().int(),
        broker_sasl_id: str,
        broker_sasl_password: str,
        zookeeper_port: z.number().int(),
        zookeeper_sasl_id: str,
        zookeeper_sasl_password: str,
        akhq_id: str.optional(),
        akhq_password: str.optional(),
      })
      .strict(),
    instance_groups: z.array(
      z
        .object({
          role_type: z.enum(["ZOOKEEPER_BROKER", "ZOOKEEPER", "BROKER", "AKHQ"]),
          server_type_name: str,
          block_storage_groups: z.array(z.object({ role_type: str, size_gb: z.number().int(), volume_type: str }).strict()),
          instances: z.array(z.object({ role_type: str }).strict()),
        })
        .strict(),
    ),
    maintenance_option: z.object({ starting_day_of_week: str, starting_time: str, period_hour: str }).strict().optional(),
    tags: z.array(z.object({ key: str, value: str }).strict()),
  })
  .strict();

export const eventStreamsEndpoints = endpointTable({
  ...clusterEndpoints,
  "POST /v1/clusters": { request: EventStreamsCreateRequest, response: AsyncResponse },
  "GET /v1/clusters/{cluster_id}": { response: EventStreamsCluster },
  "POST /v1/clusters/{cluster_id}/add-instances": {
    request: z.object({ instance_count: z.number().int().min(1), service_ip_addresses: strs, public_ip_ids: strs.optional() }).strict(),
    response: AsyncResponse,
  },
  // 1.1 (seed 000): the engine is named in the body; 1.0 is unsupported after 2026-05-31.
  "PUT /v1/clusters/{cluster_id}/patch": {
    request: z.object({ dbaas_engine: str, software_version: str }).strict(),
    response: AsyncResponse,
  },
});
