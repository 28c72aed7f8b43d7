/**
 * CacheStore's response shapes (`RedisClusterDetailResponse`, `CommandListResponse`): the kit's
 * (../kit/views.ts) plus Redis's own fields. Like every number the document prints as `""`, the
 * ports of Show Cluster and the commands' `total_count` come back as strings.
 */
import { clusterDetailBase, clusterSummaryBase } from "../kit/views";
import { CACHESTORE_CATALOG } from "./catalog";
import type { CacheStoreCluster, Command } from "./state";

export function clusterDetailView(c: CacheStoreCluster): unknown {
  return {
    ...clusterDetailBase(c, CACHESTORE_CATALOG, () => ({ floating_ip_id: null })),
    ha_enabled: c.ha_enabled,
    init_config_option: {
      backup_option: c.backup_option ? { ...c.backup_option } : null,
      database_port: String(c.database_port),
      sentinel_port: String(c.sentinel_port),
    },
  };
}

export function clusterSummaryView(c: CacheStoreCluster): unknown {
  return { ...clusterSummaryBase(c), ha_enabled: c.ha_enabled };
}

export function commandListView(r: { contents: Command[]; last_updated_at: string }): unknown {
  return {
    contents: r.contents.map((c) => ({
      applied_value: c.applied_value,
      description: c.def.description,
      id: c.def.id,
      modifiable: c.def.modifiable,
      name: c.def.name,
    })),
    last_updated_at: r.last_updated_at,
    total_count: String(r.contents.length),
  };
}
