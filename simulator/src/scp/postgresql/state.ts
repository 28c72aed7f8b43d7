/**
 * The state of the simulated SCP PostgreSQL service, as routes.ts sees it. No HTTP here: methods
 * take parsed bodies, enforce the service's rules (throwing the errors of ../errors.ts) and return
 * model values; routes.ts serialises them.
 *
 * Every mutation is an operation on one cluster: it moves the cluster to a transitional
 * `service_state` at once and schedules its completion on the injected clock. The change itself is
 * applied at completion (or not at all when a `fail-operation` fault is attached).
 *
 * Split by job: the SCP kit (../kit: the operation machinery, shared checks and the operations every
 * engine has), model.ts (PostgreSQL's own cluster fields), state-clusters.ts (its instance group
 * shape, create, switchover, block storage add, audit log), and this file (archive, log export,
 * replicas, restore, dump).
 */
import { ScpInvalidStateError, ScpValidationError, type FieldIssue } from "../errors";
import { LOG_LABELS, LOG_TYPES, OTHER_REGIONS, type LogType } from "./catalog";
import { PgClusterOps } from "./state-clusters";
import { type LogExportConfig, type Cluster, type AsyncResult, type MutationContext, throwIfIssues } from "./model";
import type { BlockStorageRequest, InstanceGroupRequest, LogExportSchedule, ReplicaSpec, ReplicasBody, RestoreBody } from "./schemas";

export * from "./model";

/** Every operation of the service (the ones inherited from ClusterOps and StateCore included). */
export class PostgresqlState extends PgClusterOps {
  // ---- archive ----

  setArchiveConfig(id: string, enabled: boolean, retention: number | null | undefined, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "set the archive config");
    if (enabled && (retention === undefined || retention === null)) {
      throw ScpValidationError.field(["body", "retention_period_day"], "required when archive_enabled is true");
    }
    return this.begin(c, "edit", ctx, {
      what: "archive-set",
      apply: () => {
        c.archive = { archive_enabled: enabled, retention_period_day: enabled ? retention! : null };
      },
    });
  }

  deleteArchiveLog(id: string, type: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "delete archive logs");
    if (type !== "ALL") throw ScpValidationError.field(["query", "type"], "must be ALL");
    return this.begin(c, "edit", ctx, { what: "archive-delete" });
  }

  syncArchiveConfig(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "sync", "synchronize the archive config");
    return this.begin(c, "sync", ctx, { what: "archive-sync" });
  }

  // ---- log export ----

  protected logType(value: string): LogType {
    if (!(LOG_TYPES as readonly string[]).includes(value))
      throw ScpValidationError.field(["path", "log_type"], `must be one of ${LOG_TYPES.join(", ")}`);
    return value as LogType;
  }

  listLogExportConfigs(
    id: string,
    type: string | undefined,
  ): Array<{ log_type: LogType; label: string; config: LogExportConfig | undefined }> {
    const c = this.findCluster(id);
    if (type !== undefined && !(LOG_TYPES as readonly string[]).includes(type)) {
      throw ScpValidationError.field(["query", "type"], `must be one of ${LOG_TYPES.join(", ")}`);
    }
    return LOG_TYPES.filter((t) => type === undefined || t === type).map((t) => ({
      log_type: t,
      label: LOG_LABELS[t],
      config: c.log_exports[t],
    }));
  }

  registerLogExportConfig(
    id: string,
    body: LogExportSchedule & { bucket_name: string; log_type: LogType },
    ctx: MutationContext,
  ): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "register a log export");
    if (c.log_exports[body.log_type])
      throw ScpValidationError.field(["body", "log_type"], `${body.log_type} log export is already registered`);
    const { log_type, ...config } = body;
    return this.begin(c, "edit", ctx, {
      what: "log-export-register",
      apply: () => {
        c.log_exports[log_type] = config;
      },
    });
  }

  setLogExportConfig(id: string, logType: string, body: LogExportSchedule, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    const t = this.logType(logType);
    this.assertCanStart(c, "edit", "modify a log export");
    const current = c.log_exports[t];
    if (!current) throw new ScpInvalidStateError(`${t} log export is not registered`);
    return this.begin(c, "edit", ctx, {
      what: "log-export-modify",
      apply: () => {
        c.log_exports[t] = { ...current, ...body };
      },
    });
  }

  unregisterLogExportConfig(id: string, logType: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    const t = this.logType(logType);
    this.assertCanStart(c, "edit", "unregister a log export");
    if (!c.log_exports[t]) throw new ScpInvalidStateError(`${t} log export is not registered`);
    return this.begin(c, "edit", ctx, {
      what: "log-export-unregister",
      apply: () => {
        delete c.log_exports[t];
      },
    });
  }

  exportLog(id: string, logType: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    const t = this.logType(logType);
    this.assertCanStart(c, "edit", "export logs");
    if (!c.log_exports[t]) throw new ScpInvalidStateError(`${t} log export is not registered`);
    return this.begin(c, "edit", ctx, { what: "log-export" });
  }

  // ---- replicas ----

  createReplicas(originId: string, body: ReplicasBody, otherRegion: boolean, ctx: MutationContext): AsyncResult {
    const origin = this.findCluster(originId);
    this.assertCanStart(origin, "edit", "create replicas");
    if (origin.role_type !== "ORIGIN")
      throw new ScpInvalidStateError(`cluster ${originId} is a ${origin.role_type} cluster: replicas hang off an ORIGIN`);
    const issues: FieldIssue[] = [];
    if (body.replica_count !== body.replicas.length) {
      issues.push({ loc: ["body", "replica_count"], detail: `must equal the number of replicas (${body.replicas.length})` });
    }
    const live = origin.replicas.filter((r) => this.clusters.has(r)).length;
    if (live + body.replicas.length > 5)
      issues.push({ loc: ["body", "replicas"], detail: `a cluster has at most 5 replicas (it has ${live})` });
    if (otherRegion && (!body.region || !OTHER_REGIONS.includes(body.region))) {
      issues.push({ loc: ["body", "region"], detail: `must be another region: one of ${OTHER_REGIONS.join(", ")}` });
    }
    const subnetId = otherRegion ? body.subnet_id! : origin.subnet_id;
    const nat = otherRegion ? (body.nat_enabled ?? false) : origin.nat_enabled;
    const names = new Set<string>();
    body.replicas.forEach((r: ReplicaSpec, i) => {
      if (names.has(r.name)) issues.push({ loc: ["body", "replicas", i, "name"], detail: `duplicate replica name ${r.name}` });
      names.add(r.name);
      this.validateInstanceGroups(r.instance_groups, false, nat, subnetId, ["body", "replicas", i, "instance_groups"], issues);
    });
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    for (const r of body.replicas) this.checkNameFree(r.name);

    const created = body.replicas.map((r) => {
      const replica = this.newCluster(
        {
          name: r.name,
          engine: origin.engine,
          nat,
          subnetId,
          timezone: origin.timezone,
          region: otherRegion ? body.region! : origin.region,
          prefix: r.name,
          allowed: body.allowable_ip_addresses ?? origin.allowable_ip_addresses,
          tags: body.tags ?? [],
          password: origin.password,
          groups: [this.buildGroup(r.instance_groups[0], false, r.name, subnetId)],
          maintenance: body.maintenance_option,
          role: otherRegion ? "SECONDARY" : "REPLICA",
          originId: origin.id,
          backupOption: null,
        },
        { ha: false, init: { ...origin.init, origin_region: otherRegion ? origin.region : null }, vipPublicIpId: null, virtualIp: null },
      );
      this.clusters.set(replica.id, replica);
      return replica;
    });
    return this.begin(origin, "edit", ctx, {
      what: otherRegion ? "replicas-create-other-region" : "replicas-create",
      apply: () => {
        const now = this.now();
        for (const r of created) {
          r.service_state = "RUNNING";
          r.synced_at = now;
          origin.replicas.push(r.id);
        }
      },
      onFail: () => {
        for (const r of created) this.clusters.delete(r.id);
      },
    });
  }

  listReplicas(id: string): Cluster[] {
    const c = this.findCluster(id);
    return c.replicas.map((r) => this.clusters.get(r)).filter((r): r is Cluster => r !== undefined);
  }

  protected assertReplica(c: Cluster): void {
    if (c.role_type !== "REPLICA" && c.role_type !== "SECONDARY")
      throw new ScpInvalidStateError(`cluster ${c.id} is not a replica (role ${c.role_type})`);
  }

  promoteReplica(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "promote");
    this.assertReplica(c);
    return this.begin(c, "edit", ctx, {
      what: "promote",
      apply: () => {
        const origin = c.origin_cluster_id ? this.clusters.get(c.origin_cluster_id) : undefined;
        if (origin) origin.replicas = origin.replicas.filter((r) => r !== c.id);
        c.role_type = "ORIGIN";
        c.origin_cluster_id = null;
        c.init.origin_region = null;
      },
    });
  }

  resetReplica(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "reset the replica");
    this.assertReplica(c);
    return this.begin(c, "edit", ctx, {
      what: "reset-replica",
      apply: () => {
        c.synced_at = this.now();
      },
    });
  }

  syncReplicaState(originId: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(originId);
    this.assertCanStart(c, "sync", "synchronize replica state");
    if (c.role_type !== "ORIGIN") throw new ScpInvalidStateError(`cluster ${originId} is not an ORIGIN cluster`);
    return this.begin(c, "sync", ctx, {
      what: "sync-replica-state",
      apply: () => {
        const now = this.now();
        for (const r of this.listReplicas(originId)) r.synced_at = now;
      },
    });
  }

  // ---- restore ----

  restoreCluster(sourceId: string, body: RestoreBody, ctx: MutationContext): AsyncResult {
    const noData = body.block_storage_groups && !body.block_storage_groups.some((b) => b.role_type === "DATA");
    const source = this.checkRestore(sourceId, body, noData ? "at least one DATA block storage is required" : undefined);

    const srcGroup = source.instance_groups[0];
    const storages: BlockStorageRequest[] =
      body.block_storage_groups ??
      srcGroup.block_storage_groups
        .filter((b) => b.role_type !== "OS")
        .map((b) => ({
          role_type: b.role_type as BlockStorageRequest["role_type"],
          size_gb: b.size_gb,
          volume_type: b.volume_type as BlockStorageRequest["volume_type"],
        }));
    const group = this.buildGroup(
      {
        role_type: srcGroup.role_type as InstanceGroupRequest["role_type"],
        server_type_name: body.server_type_name,
        block_storage_groups: storages,
        instances: null,
      },
      source.ha_enabled,
      body.instance_name_prefix,
      source.subnet_id,
    );
    const taken = this.usedIps();
    for (const i of group.instances) taken.add(`${source.subnet_id}|${i.service_ip_address}`);
    const restored = this.newCluster(this.restoreFields(source, body, [group]), {
      ha: source.ha_enabled,
      init: { ...source.init, origin_region: null },
      vipPublicIpId: null,
      virtualIp: source.ha_enabled ? this.allocateIp(source.subnet_id, taken) : null,
    });
    restored.parameters = source.parameters.map((p) => ({ ...p }));
    this.clusters.set(restored.id, restored);
    return this.begin(restored, "create", ctx, { what: "restore" });
  }

  // ---- dump ----

  dump(): unknown {
    return this.dumpClusters();
  }
}
