// Request bodies and the operation list of the CacheStore document (seed 002), shared by the
// CacheStore simulator test files.
import type { Simulator } from "../src";
import type { ScpClient } from "./helpers";

export const DOCUMENTED = [
  "POST /v1/clusters",
  "POST /v1/clusters/{cluster_id}/restore",
  "GET /v1/clusters/{cluster_id}/backup-histories",
  "GET /v1/clusters",
  "GET /v1/clusters/{cluster_id}/commands",
  "GET /v1/engine-versions/{dbaas_engine_version_id}/properties",
  "GET /v1/engine-versions",
  "GET /v1/parameter-groups",
  "GET /v1/clusters/{cluster_id}/parameters",
  "GET /v1/parameters",
  "GET /v1/server-types",
  "PUT /v1/clusters/{cluster_id}/backup-histories",
  "POST /v1/clusters/{cluster_id}/restart",
  "POST /v1/clusters/{cluster_id}/backups",
  "POST /v1/block-storage-groups/{block_storage_group_id}/resize",
  "POST /v1/clusters/{cluster_id}/maintenance",
  "PUT /v1/clusters/{cluster_id}/parameters",
  "POST /v1/clusters/{cluster_id}/security-group-rules",
  "POST /v1/instance-groups/{instance_group_id}/resize",
  "GET /v1/clusters/{cluster_id}",
  "GET /v1/requests/{request_id}",
  "POST /v1/clusters/{cluster_id}/start",
  "POST /v1/clusters/{cluster_id}/stop",
  "POST /v1/clusters/{cluster_id}/switchover",
  "POST /v1/clusters/{cluster_id}/sync-state",
  "POST /v1/clusters/{cluster_id}/commands/sync",
  "POST /v1/clusters/{cluster_id}/parameters/sync",
  "DELETE /v1/clusters/{cluster_id}",
  "DELETE /v1/clusters/{cluster_id}/backups",
  "DELETE /v1/clusters/{cluster_id}/maintenance",
  "PUT /v1/clusters/{cluster_id}/commands",
];

export function body(ev: string, overrides: Record<string, unknown> = {}): any {
  return {
    allowable_ip_addresses: ["192.168.10.0/24"],
    dbaas_engine_version_id: ev,
    ha_enabled: false,
    init_config_option: {
      backup_option: { retention_period_day: "7", starting_time_hour: "2" },
      database_port: 6378,
      database_user_password: "R3dis-pass!",
      sentinel_port: 26378,
    },
    instance_groups: [
      {
        block_storage_groups: [{ role_type: "DATA", size_gb: 64, volume_type: "SSD" }],
        instances: [{ role_type: "MASTER" }],
        role_type: "MASTER",
        server_type_name: "redis1v2m4",
      },
    ],
    instance_name_prefix: "cache",
    maintenance_option: { period_hour: "2", starting_day_of_week: "SUN", starting_time: "0300" },
    name: "cache",
    nat_enabled: false,
    replica_count: 0,
    subnet_id: "3f1a9c0e5b7d4e2f8a6c1b0d9e8f7a6b",
    tags: [{ key: "env", value: "test" }],
    timezone: "Asia/Seoul",
    ...overrides,
  };
}

/** Sentinel HA: MASTER_REPLICA with `replicas` replicas plus a SENTINEL group. */
export function haBody(ev: string, replicas = 1, overrides: Record<string, unknown> = {}): any {
  return body(ev, {
    ha_enabled: true,
    replica_count: replicas,
    instance_groups: [
      {
        block_storage_groups: [{ role_type: "DATA", size_gb: 64, volume_type: "SSD" }],
        instances: [{ role_type: "MASTER" }, ...Array.from({ length: replicas }, () => ({ role_type: "REPLICA" }))],
        role_type: "MASTER_REPLICA",
        server_type_name: "redis1v2m4",
      },
      {
        block_storage_groups: [{ role_type: "DATA", size_gb: 56 }],
        instances: null,
        role_type: "SENTINEL",
        server_type_name: "redis1v2m4",
      },
    ],
    ...overrides,
  });
}

/** Creates a cluster from `b` (default: the plain body for Redis 7.2.4) and moves the clock until it runs. */
export async function createRunningCluster(sim: Simulator, api: ScpClient, b?: any): Promise<any> {
  const r = await api.post("/v1/clusters", b ?? body(await api.engineVersionId("7.2.4")));
  if (r.status !== 202) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
  sim.advance(1);
  return (await api.get(`/v1/clusters/${r.body.resource.id}`)).body;
}
