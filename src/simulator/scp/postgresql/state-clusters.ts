/**
 * Operations on one cluster of the simulated SCP PostgreSQL service: create, list, terminate,
 * power, instance groups and block storage, security group, maintenance, parameters, audit log,
 * backups, minor version patch.
 */
import { ScpInvalidStateError, ScpValidationError, type FieldIssue } from "../errors";
import { ENGINE_VERSIONS, SIM_REGION, compareVersions } from "./catalog";
import type { CreateClusterBody } from "./schemas";
import { StateCore } from "./state-core";
import {
  SERVICE_STATES,
  type BackupOption,
  type Maintenance,
  type BackupHistory,
  type Parameter,
  type Cluster,
  type AsyncResult,
  type MutationContext,
  type ListClustersQuery,
  validTimezone,
  throwIfIssues,
  checkParameterValue,
  type BlockStorageRequest,
} from "./model";

export abstract class ClusterOps extends StateCore {
  // ---- clusters ----

  createCluster(body: CreateClusterBody, ctx: MutationContext): AsyncResult {
    const issues: FieldIssue[] = [];
    const engine = ENGINE_VERSIONS.find((e) => e.id === body.dbaas_engine_version_id);
    if (!engine) {
      issues.push({ loc: ["body", "dbaas_engine_version_id"], detail: "engine version does not exist (see GET /v1/engine-versions)" });
    } else if (engine.end_of_service) {
      issues.push({ loc: ["body", "dbaas_engine_version_id"], detail: `engine version ${engine.software_version} is end of service` });
    }
    if (!validTimezone(body.timezone)) issues.push({ loc: ["body", "timezone"], detail: `unknown time zone ${body.timezone}` });
    const ha = body.ha_enabled ?? false;
    const nat = body.nat_enabled ?? false;
    this.validateInstanceGroups(body.instance_groups, ha, nat, body.subnet_id, ["body", "instance_groups"], issues);
    if (!ha && body.virtual_ip_address) issues.push({ loc: ["body", "virtual_ip_address"], detail: "only allowed when ha_enabled is true" });
    if (!ha && body.vip_public_ip_id) issues.push({ loc: ["body", "vip_public_ip_id"], detail: "only allowed when ha_enabled is true" });
    if (body.vip_public_ip_id && !nat) issues.push({ loc: ["body", "vip_public_ip_id"], detail: "a public IP requires nat_enabled" });
    if (body.virtual_ip_address && this.usedIps().has(`${body.subnet_id}|${body.virtual_ip_address}`)) {
      issues.push({ loc: ["body", "virtual_ip_address"], detail: `${body.virtual_ip_address} is already in use` });
    }
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    this.checkNameFree(body.name);

    const group = this.buildInstanceGroup(body.instance_groups[0]!, ha, body.instance_name_prefix, body.subnet_id, "SSD");
    const taken = this.usedIps();
    for (const i of group.instances) taken.add(`${body.subnet_id}|${i.service_ip_address}`);
    const o = body.init_config_option;
    const cluster = this.newCluster({
      name: body.name,
      engine: engine!,
      ha,
      nat,
      subnetId: body.subnet_id,
      timezone: body.timezone,
      region: SIM_REGION,
      prefix: body.instance_name_prefix,
      allowed: body.allowable_ip_addresses ?? [],
      tags: body.tags ?? [],
      init: {
        audit_enabled: o.audit_enabled ?? false,
        backup_option: o.backup_option ?? null,
        database_encoding: o.database_encoding ?? "UTF-8",
        database_locale: o.database_locale ?? "C",
        database_name: o.database_name,
        database_port: o.database_port ?? 2866,
        database_user_name: o.database_user_name,
        origin_region: null,
      },
      password: o.database_user_password,
      groups: [group],
      maintenance: body.maintenance_option,
      role: "ORIGIN",
      originId: body.origin_cluster_id || null,
      vipPublicIpId: body.vip_public_ip_id || null,
      virtualIp: ha ? body.virtual_ip_address || this.allocateIp(body.subnet_id, taken) : null,
    });
    this.clusters.set(cluster.id, cluster);
    return this.begin(cluster, "create", ctx, {
      what: "create",
      apply: () => {
        if (cluster.init.backup_option) this.takeBackup(cluster);
      },
    });
  }

  listClusters(q: ListClustersQuery): { contents: Cluster[]; count: number } {
    if (q.service_state !== undefined && !(SERVICE_STATES as readonly string[]).includes(q.service_state)) {
      throw ScpValidationError.field(["query", "service_state"], `must be one of ${SERVICE_STATES.join(", ")}`);
    }
    const m = /^(name|service_state|created_at):(asc|desc)$/.exec(q.sort);
    if (!m) throw ScpValidationError.field(["query", "sort"], "must match ^(name|service_state|created_at):(asc|desc)$");
    const key = m[1] as "name" | "service_state" | "created_at";
    const dir = m[2] === "asc" ? 1 : -1;
    const all = [...this.clusters.values()]
      .filter((c) => q.name === undefined || c.name.includes(q.name))
      .filter((c) => q.service_state === undefined || c.service_state === q.service_state)
      .filter((c) => q.database_name === undefined || c.init.database_name === q.database_name)
      .sort((a, b) => dir * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id < b.id ? -1 : 1));
    return { contents: all.slice(q.page * q.size, q.page * q.size + q.size), count: all.length };
  }

  terminateCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "terminate", "terminate");
    const live = c.replicas.filter((r) => this.clusters.has(r));
    if (live.length) throw new ScpInvalidStateError(`cluster ${id} still has replicas (${live.join(", ")}): delete them first`);
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

  switchoverCluster(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "switch over");
    if (!c.ha_enabled) throw new ScpInvalidStateError(`cluster ${id} is not highly available: switchover needs ha_enabled`);
    return this.begin(c, "edit", ctx, {
      what: "switchover",
      apply: () => {
        for (const g of c.instance_groups) {
          for (const i of g.instances) i.role_type = i.role_type === "ACTIVE" ? "STANDBY" : "ACTIVE";
        }
      },
    });
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

  addBlockStorage(instanceGroupId: string, body: BlockStorageRequest, ctx: MutationContext): AsyncResult {
    const { cluster, group } = this.findInstanceGroup(instanceGroupId);
    this.assertCanStart(cluster, "edit", "add block storage");
    const extra = group.block_storage_groups.filter((b) => b.role_type !== "OS");
    if (body.role_type !== "DATA" && extra.some((b) => b.role_type === body.role_type)) {
      throw ScpValidationError.field(["body", "role_type"], `the instance group already has a ${body.role_type} block storage`);
    }
    if (extra.length >= 10) throw ScpValidationError.field(["body"], "an instance group holds at most 10 block storages besides the OS disk");
    const n = extra.filter((b) => b.role_type === body.role_type).length + 1;
    return this.begin(cluster, "edit", ctx, {
      what: "block-storage-add",
      resourceId: group.id,
      apply: () => {
        group.block_storage_groups.push(this.buildStorage(body, `${cluster.instance_name_prefix}-${body.role_type.toLowerCase()}-${n}`));
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
      if (!c.allowable_ip_addresses.includes(ip)) issues.push({ loc: ["body", "del_ip_addresses", i], detail: `${ip} is not an allowed address` });
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

  setMaintenance(id: string, m: { start_day_of_week: string; start_time: string; start_minute: string; term_hour: string }, ctx: MutationContext): AsyncResult {
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
        return void issues.push({ loc: [...loc, "old_value"], detail: `old_value ${JSON.stringify(ch.old_value)} does not match the current value ${JSON.stringify(p.applied_value)}` });
      }
      const bad = checkParameterValue(p.def, ch.new_value);
      if (bad) return void issues.push({ loc: [...loc, "new_value"], detail: bad });
      if (ch.new_value === p.applied_value) return void issues.push({ loc: [...loc, "new_value"], detail: "new_value equals the current value" });
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

  // ---- audit log, backups ----

  setAuditLog(id: string, enabled: boolean, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set the audit log");
    if (c.init.audit_enabled === enabled) {
      throw ScpValidationError.field(["body", "use_audit_log"], `audit log is already ${enabled ? "enabled" : "disabled"}`);
    }
    return this.begin(c, "edit", ctx, {
      what: "audit-log",
      apply: () => {
        c.init.audit_enabled = enabled;
      },
    });
  }

  setBackup(id: string, option: BackupOption, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set backup");
    return this.begin(c, "edit", ctx, {
      what: "backup-set",
      apply: () => {
        const first = c.init.backup_option === null;
        c.init.backup_option = { ...option };
        if (first) this.takeBackup(c);
      },
    });
  }

  unsetBackup(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "unset backup");
    if (!c.init.backup_option) throw new ScpInvalidStateError(`cluster ${id} has no backup setting to unset`);
    return this.begin(c, "edit", ctx, {
      what: "backup-unset",
      apply: () => {
        c.init.backup_option = null;
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

  patchMinorVersion(id: string, softwareVersion: string, backupBefore: boolean, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "upgrade", "patch");
    const target = ENGINE_VERSIONS.find((e) => e.software_version === softwareVersion && !e.end_of_service);
    const loc = ["body", "software_version"];
    if (!target) throw ScpValidationError.field(loc, `software version ${softwareVersion} is not offered (see GET /v1/engine-versions)`);
    if (target.major_version !== c.engine.major_version) {
      throw ScpValidationError.field(loc, `a minor patch cannot change the major version (${c.engine.major_version} → ${target.major_version})`);
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
