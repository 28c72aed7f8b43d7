/**
 * PostgreSQL's response shapes: the kit's (../kit/views.ts: the shared quirks, instance groups,
 * maintenance, parameters, backups) plus its own fields (HA, VIP, database init options, replicas,
 * log export rows).
 */
import { clusterDetailBase, clusterSummaryBase } from "../kit/views";
import { POSTGRESQL_CATALOG } from "./catalog";
import type { Cluster, LogExportConfig } from "./state";

export function clusterDetailView(c: Cluster, apiVersion: string): unknown {
  const view: Record<string, unknown> = {
    ...clusterDetailBase(c, POSTGRESQL_CATALOG),
    ha_enabled: c.ha_enabled,
    init_config_option: {
      audit_enabled: c.init.audit_enabled,
      backup_option: c.backup_option ? { ...c.backup_option } : null,
      database_encoding: c.init.database_encoding,
      database_locale: c.init.database_locale,
      database_name: c.init.database_name,
      database_port: c.init.database_port,
      database_user_name: c.init.database_user_name,
      origin_region: c.init.origin_region,
    },
    origin_cluster_id: c.origin_cluster_id,
    replicas: [...c.replicas],
    vip_public_ip_address: c.vip_public_ip_address,
    vip_public_ip_id: c.vip_public_ip_id,
    virtual_ip_address: c.virtual_ip_address,
  };
  // Version 1.1 (PostgresqlClusterDetailResponseV1Dot1) adds is_kernel_patchable. The simulator
  // ships no kernel updates, so it is always false.
  if (apiVersion !== "1.0") view.is_kernel_patchable = false;
  return view;
}

export function clusterSummaryView(c: Cluster): unknown {
  return { ...clusterSummaryBase(c), database_name: c.init.database_name, ha_enabled: c.ha_enabled };
}

export function replicaItemView(r: Cluster): unknown {
  return {
    name: r.name,
    region: r.region,
    replica_state: r.service_state,
    replica_state_detail: null,
    synced_at: r.synced_at,
  };
}

export function logExportView(logType: string, label: string, cfg: LogExportConfig | undefined): unknown {
  return {
    bucket_name: cfg?.bucket_name ?? null,
    delete_on_export: cfg?.delete_on_export ?? null,
    is_bucket_deleted: cfg ? false : null,
    is_registered: cfg !== undefined,
    log_label: label,
    log_type: logType,
    schedule_day_of_month: cfg?.schedule_day_of_month ?? null,
    schedule_day_of_week: cfg?.schedule_day_of_week ?? null,
    schedule_frequency_type: cfg?.schedule_frequency_type ?? null,
    schedule_hour: cfg?.schedule_hour ?? null,
  };
}
