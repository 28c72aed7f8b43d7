/**
 * The operations every SCP DBaaS engine offers on a cluster, with the same rules: list, terminate,
 * start/stop/restart, sync-state, server type and block storage resize, security-group rules,
 * maintenance, parameters, backups and backup histories, minor version patch. An engine's state
 * class extends this and adds only what is its own (create, replicas, commands, add-instances, …).
 */
import { ScpInvalidStateError, ScpValidationError, type FieldIssue } from "../errors";
import { compareVersions } from "./catalog";
import {
  SERVICE_STATES,
  checkParameterValue,
  throwIfIssues,
  type AsyncResult,
  type BackupHistory,
  type KitCluster,
  type ListClustersQuery,
  type Maintenance,
  type MutationContext,
  type Parameter,
} from "./model";
import { ClusterBuilders } from "./builders";

export interface MaintenanceRequest {
  start_day_of_week: string;
  start_time: string;
  start_minute: string;
  term_hour: string;
}

export abstract class ClusterOps<C extends KitCluster> extends ClusterBuilders<C> {
  // ---- clusters ----

  /** `extra` adds an engine's own query filters (PostgreSQL's `database_name`). */
  listClusters(q: ListClustersQuery, extra: (c: C) => boolean = () => true): { contents: C[]; count: number } {
    if (q.service_state !== undefined && !(SERVICE_STATES as readonly string[]).includes(q.service_state)) {
      throw ScpValidationError.field(["query", "service_state"], `must be one of ${SERVICE_STATES.join(", ")}`);
    }
    const m = /^(name|service_state|created_at):(asc|desc)$/.exec(q.sort);
    if (!m) throw ScpValidationError.field(["query", "sort"], "must match ^(name|service_state|created_at):(asc|desc)$");
    const key = m[1] as "name" | "service_state" | "created_at";
    const dir = m[2] === "asc" ? 1 : -1;
    const all = this.visibleClusters()
      .filter((c) => q.name === undefined || c.name.includes(q.name))
      .filter((c) => q.service_state === undefined || c.service_state === q.service_state)
      .filter(extra)
      .sort((a, b) => dir * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id < b.id ? -1 : 1));
    return { contents: all.slice(q.page * q.size, q.page * q.size + q.size), count: all.length };
  }

  /** Engines whose clusters hang together (PostgreSQL origins with replicas) refuse here. */
  protected assertCanTerminate(_c: C): void {}

  terminateCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "terminate", "terminate");
    this.assertCanTerminate(c);
    return this.begin(c, "terminate", ctx, { what: "terminate" });
  }

  startCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "start", "start");
    return this.begin(c, "start", ctx, { what: "start" });
  }

  stopCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "stop", "stop");
    return this.begin(c, "stop", ctx, { what: "stop" });
  }

  restartCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "restart", "restart");
    return this.begin(c, "restart", ctx, { what: "restart" });
  }

  syncClusterState(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "sync", "synchronize state");
    return this.begin(c, "sync", ctx, { what: "sync-state" });
  }

  // ---- instance groups and block storages ----

  setServerType(instanceGroupId: string, serverTypeName: string, ctx: MutationContext): AsyncResult {
    const { cluster, group } = this.findInstanceGroup(instanceGroupId);
    this.assertCanStart(cluster, "edit", "resize the instance group");
    const issues: FieldIssue[] = [];
    this.checkServerType(serverTypeName, ["body", "server_type_name"], issues);
    throwIfIssues(issues);
    if (serverTypeName === group.server_type_name) {
      throw ScpValidationError.field(["body", "server_type_name"], `instance group already uses ${serverTypeName}`);
    }
    return this.begin(cluster, "edit", ctx, {
      what: "instance-group-resize",
      resourceId: group.id,
      apply: () => {
        group.server_type_name = serverTypeName;
      },
    });
  }

  setBlockStorageSize(blockStorageId: string, sizeGb: number, ctx: MutationContext): AsyncResult {
    const { cluster, storage } = this.findBlockStorage(blockStorageId);
    this.assertCanStart(cluster, "edit", "resize the block storage");
    if (storage.role_type === "OS") {
      throw ScpValidationError.field(["path", "block_storage_group_id"], "the OS block storage cannot be resized");
    }
    if (sizeGb <= storage.size_gb) {
      throw ScpValidationError.field(
        ["body", "size_gb"],
        `must be larger than the current size ${storage.size_gb} GB (block storage can only grow)`,
      );
    }
    return this.begin(cluster, "edit", ctx, {
      what: "block-storage-resize",
      resourceId: storage.id,
      apply: () => {
        storage.size_gb = sizeGb;
      },
    });
  }

  // ---- network ----

  setSecurityGroupRules(id: string, add: string[], del: string[], ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "change security group rules");
    const issues: FieldIssue[] = [];
    if (add.length === 0 && del.length === 0) {
      issues.push({ loc: ["body"], detail: "add_ip_addresses or del_ip_addresses must not be empty" });
    }
    this.checkAllowedIps(add, ["body", "add_ip_addresses"], issues);
    this.checkAllowedIps(del, ["body", "del_ip_addresses"], issues);
    add.forEach((ip, i) => {
      if (c.allowable_ip_addresses.includes(ip)) issues.push({ loc: ["body", "add_ip_addresses", i], detail: `${ip} is already allowed` });
      if (del.includes(ip)) issues.push({ loc: ["body", "add_ip_addresses", i], detail: `${ip} is both added and deleted` });
    });
    del.forEach((ip, i) => {
      if (!c.allowable_ip_addresses.includes(ip))
        issues.push({ loc: ["body", "del_ip_addresses", i], detail: `${ip} is not an allowed address` });
    });
    throwIfIssues(issues);
    return this.begin(c, "edit", ctx, {
      what: "security-group-rules",
      apply: () => {
        c.allowable_ip_addresses = [...c.allowable_ip_addresses.filter((ip) => !del.includes(ip)), ...add];
      },
    });
  }

  // ---- maintenance ----

  setMaintenance(id: string, m: MaintenanceRequest, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set maintenance");
    const next: Maintenance = {
      period_hour: m.term_hour,
      starting_day_of_week: m.start_day_of_week,
      starting_time: `${m.start_time.padStart(2, "0")}${m.start_minute.padStart(2, "0")}`,
    };
    return this.begin(c, "edit", ctx, {
      what: "maintenance-set",
      apply: () => {
        c.maintenance = next;
      },
    });
  }

  unsetMaintenance(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "unset maintenance");
    if (!c.maintenance) throw new ScpInvalidStateError(`cluster ${id} has no maintenance window to unset`);
    return this.begin(c, "edit", ctx, {
      what: "maintenance-unset",
      apply: () => {
        c.maintenance = null;
      },
    });
  }

  // ---- parameters ----

  setParameterValues(id: string, changes: Array<{ id: string; old_value: string; new_value: string }>, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set parameters");
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    const resolved: Array<{ p: Parameter; value: string }> = [];
    changes.forEach((ch, i) => {
      const loc = ["body", "parameters", i];
      const p = c.parameters.find((x) => x.id === ch.id);
      if (!p) return void issues.push({ loc: [...loc, "id"], detail: `parameter ${ch.id} does not exist on this cluster` });
      if (seen.has(ch.id)) return void issues.push({ loc: [...loc, "id"], detail: `parameter ${ch.id} is listed twice` });
      seen.add(ch.id);
      if (!p.def.is_modifiable) return void issues.push({ loc: [...loc, "id"], detail: `parameter ${p.def.name} is not modifiable` });
      if (ch.old_value !== p.applied_value) {
        return void issues.push({
          loc: [...loc, "old_value"],
          detail: `old_value ${JSON.stringify(ch.old_value)} does not match the current value ${JSON.stringify(p.applied_value)}`,
        });
      }
      const bad = checkParameterValue(p.def, ch.new_value);
      if (bad) return void issues.push({ loc: [...loc, "new_value"], detail: bad });
      if (ch.new_value === p.applied_value)
        return void issues.push({ loc: [...loc, "new_value"], detail: "new_value equals the current value" });
      resolved.push({ p, value: ch.new_value });
    });
    throwIfIssues(issues);
    return this.begin(c, "edit", ctx, {
      what: "parameters-set",
      apply: () => {
        for (const r of resolved) r.p.applied_value = r.value;
        c.parameters_modified_at = this.now();
      },
    });
  }

  syncParameterValues(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "sync", "synchronize parameters");
    return this.begin(c, "sync", ctx, { what: "parameters-sync" });
  }

  // ---- backups ----

  setBackup(id: string, option: Record<string, string>, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set backup");
    return this.begin(c, "edit", ctx, {
      what: "backup-set",
      apply: () => {
        const first = c.backup_option === null;
        c.backup_option = { ...option };
        if (first) this.takeBackup(c);
      },
    });
  }

  unsetBackup(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "unset backup");
    if (!c.backup_option) throw new ScpInvalidStateError(`cluster ${id} has no backup setting to unset`);
    return this.begin(c, "edit", ctx, {
      what: "backup-unset",
      apply: () => {
        c.backup_option = null;
      },
    });
  }

  listBackupHistories(id: string, limit: number | undefined, page: number): { contents: BackupHistory[]; total: number } {
    const c = this.findCluster(id);
    const all = [...c.backups].reverse();
    const size = limit ?? all.length;
    return { contents: all.slice(page * size, page * size + size), total: all.length };
  }

  removeBackupHistories(id: string, numbers: string[], ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "remove backups");
    const issues: FieldIssue[] = [];
    numbers.forEach((n, i) => {
      if (!c.backups.some((b) => b.backup_history_number === n)) {
        issues.push({ loc: ["body", "backup_history_number", i], detail: `backup ${n} does not exist` });
      }
    });
    throwIfIssues(issues);
    return this.begin(c, "edit", ctx, {
      what: "backup-histories-remove",
      apply: () => {
        c.backups = c.backups.filter((b) => !numbers.includes(b.backup_history_number));
      },
    });
  }

  // ---- minor version patch ----

  /** The target must be in the catalogue, same major, strictly newer. */
  patchMinorVersion(id: string, softwareVersion: string, backupBefore: boolean, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "upgrade", "patch");
    const target = this.catalog.engineVersions.find((e) => e.software_version === softwareVersion && !e.end_of_service);
    const loc = ["body", "software_version"];
    if (!target) throw ScpValidationError.field(loc, `software version ${softwareVersion} is not offered (see GET /v1/engine-versions)`);
    if (target.major_version !== c.engine.major_version) {
      throw ScpValidationError.field(
        loc,
        `a minor patch cannot change the major version (${c.engine.major_version} → ${target.major_version})`,
      );
    }
    if (compareVersions(target.software_version, c.engine.software_version) <= 0) {
      throw ScpValidationError.field(loc, `${softwareVersion} is not newer than the current version ${c.engine.software_version}`);
    }
    return this.begin(c, "upgrade", ctx, {
      what: "patch",
      apply: () => {
        if (backupBefore) this.takeBackup(c);
        c.engine = target;
      },
    });
  }
}
