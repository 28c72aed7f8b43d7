// `List Backup Histories` for programs: which backups of a CacheStore or PostgreSQL cluster exist,
// so a program can pick one for `restoreFrom.backupHistoryNumber`. Both services answer the same
// shape; the engine picks the service (its version header) and its endpoint table. A plain function (no resource): it reads the
// same credentials as the provider (stack config `scp:*`, then the environment).

import type { Context } from "../../core/resource";
import { ScpClient } from "../client";
import { callEndpoint } from "../kit/endpoints";
import { postgresqlEndpoints } from "../postgresql/endpoints";
import { cachestoreEndpoints } from "./endpoints";
import type { BackupHistory } from "../types";

const tables = { cachestore: cachestoreEndpoints, postgresql: postgresqlEndpoints } as const;

const PAGE = 100;

/** Every backup history entry of a cluster, all pages, as the API lists them. */
export async function listBackupHistories(
  clusterId: string,
  config: (key: string) => string | undefined = () => undefined,
  engine: keyof typeof tables = "cachestore",
): Promise<BackupHistory[]> {
  const ctx: Context = { config, log: () => {}, warn: (line) => console.warn(line) };
  const api = ScpClient.for(ctx, engine);
  const out: BackupHistory[] = [];
  for (let page = 0; ; page++) {
    const r = await callEndpoint(api, tables[engine], "GET /v1/clusters/{cluster_id}/backup-histories", {
      params: { cluster_id: clusterId },
      query: { limit: PAGE, page },
    });
    for (const b of r.contents) {
      out.push({
        number: b.backup_history_number,
        state: b.backup_state,
        stateDetail: b.backup_state_detail,
        startedAt: b.backup_start_at,
        endedAt: b.backup_end_at,
        sizeGb: b.backup_size_gb,
        softwareVersion: b.software_version,
      });
    }
    // Counting what was served ends the loop even if `page` were ignored.
    if (r.contents.length < PAGE || (r.total_count !== null && r.total_count !== undefined && out.length >= r.total_count)) return out;
  }
}
