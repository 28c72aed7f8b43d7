/**
 * The model of the simulated SCP PostgreSQL service: the kit's cluster (kit/model.ts) plus what is
 * PostgreSQL's own (HA and its VIP, database init options, replicas, archive, log exports). The
 * rules live in state-clusters.ts and state.ts.
 */
import type { KitCluster } from "../kit/model";
import type { LogType } from "./catalog";
import type { LogExportSchedule } from "./schemas";

export * from "../kit/model";

export interface LogExportConfig extends LogExportSchedule {
  bucket_name: string;
}

export interface Cluster extends KitCluster {
  ha_enabled: boolean;
  init: {
    audit_enabled: boolean;
    database_encoding: string;
    database_locale: string;
    database_name: string;
    database_port: number;
    database_user_name: string;
    origin_region: string | null;
  };
  replicas: string[];
  vip_public_ip_id: string | null;
  vip_public_ip_address: string | null;
  virtual_ip_address: string | null;
  archive: { archive_enabled: boolean; retention_period_day: number | null };
  log_exports: Partial<Record<LogType, LogExportConfig>>;
  synced_at: string | null;
}
