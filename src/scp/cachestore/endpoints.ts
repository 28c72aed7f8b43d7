// The SCP CacheStore endpoint table (seed 002, API `cachestore 1.0`): all 31 operations, the shared
// rows plus CacheStore's own. Rows this package does not call yet (restart, switchover, the
// synchronisations of state and parameters, removing backup histories) are listed so the table is
// the service's whole surface.

import { z } from "zod";
import { backupEndpoints, clusterEndpoints, endpointTable, parameterEndpoints } from "../kit/endpoints";
import { AsyncResponse } from "../schemas";
import {
  BackupHistoryList,
  BackupSettingRequest,
  CommandList,
  ModifyCommandRequest,
  RedisCluster,
  RedisCreateRequest,
  RestoreRequest,
} from "./schemas";

export const cachestoreEndpoints = endpointTable({
  ...clusterEndpoints,
  ...parameterEndpoints,
  ...backupEndpoints(BackupSettingRequest),
  "POST /v1/clusters": { request: RedisCreateRequest, response: AsyncResponse },
  "GET /v1/clusters/{cluster_id}": { response: RedisCluster },
  "POST /v1/clusters/{cluster_id}/restore": { request: RestoreRequest, response: AsyncResponse },
  "GET /v1/clusters/{cluster_id}/backup-histories": { response: BackupHistoryList },
  "PUT /v1/clusters/{cluster_id}/backup-histories": {
    request: z.object({ backup_history_number: z.array(z.string()) }).strict(),
    response: AsyncResponse,
  },
  "GET /v1/clusters/{cluster_id}/commands": { response: CommandList },
  "PUT /v1/clusters/{cluster_id}/commands": { request: ModifyCommandRequest, response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/commands/sync": { response: AsyncResponse },
  "GET /v1/engine-versions/{dbaas_engine_version_id}/properties": {
    response: z.object({ contents: z.array(z.object({ name: z.string(), value: z.string().nullish() })) }),
  },
  "POST /v1/clusters/{cluster_id}/restart": { response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/switchover": { request: z.object({ switch_host_name: z.string() }).strict(), response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/sync-state": { response: AsyncResponse },
  "POST /v1/clusters/{cluster_id}/parameters/sync": { response: AsyncResponse },
});
