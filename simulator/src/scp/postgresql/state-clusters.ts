/**
 * What PostgreSQL adds to the kit's cluster operations (../kit/cluster-ops.ts): the shape of its
 * instance group (one group, ACTIVE or ACTIVE_STANDBY, a DATA disk), the VIP, create, switchover,
 * adding block storage, and the audit log. Replicas, archive, log export and restore are in state.ts.
 */
import { ScpInvalidStateError, ScpValidationError, type FieldIssue } from "../errors";
import { ClusterOps } from "../kit/cluster-ops";
import type { BaseClusterFields } from "../kit/state-core";
import { type AsyncResult, type Cluster, type InstanceGroup, type MutationContext, throwIfIssues } from "./model";
import type { BlockStorageRequest, CreateClusterBody, InstanceGroupRequest } from "./schemas";

export abstract class PgClusterOps extends ClusterOps<Cluster> {
  // ---- the PostgreSQL shape ----

  protected override extraAddresses(c: Cluster): string[] {
    return c.virtual_ip_address ? [c.virtual_ip_address] : [];
  }

  protected override removeCluster(cluster: Cluster): void {
    super.removeCluster(cluster);
    if (cluster.origin_cluster_id) {
      const origin = this.clusters.get(cluster.origin_cluster_id);
      if (origin) origin.replicas = origin.replicas.filter((id) => id !== cluster.id);
    }
  }

  protected override assertCanTerminate(c: Cluster): void {
    const live = c.replicas.filter((r) => this.clusters.has(r));
    if (live.length) throw new ScpInvalidStateError(`cluster ${c.id} still has replicas (${live.join(", ")}): delete them first`);
  }

  /**
   * Validate instance groups for a cluster or replica: one group, HA shape, server types, a DATA
   * disk, fixed IPs not in use, public IPs only with NAT.
   */
  protected validateInstanceGroups(
    groups: InstanceGroupRequest[],
    ha: boolean,
    natEnabled: boolean,
    subnetId: string,
    base: Array<string | number>,
    issues: FieldIssue[],
  ): void {
    if (groups.length !== 1) {
      issues.push({ loc: base, detail: "a PostgreSQL cluster has exactly one instance group" });
      return;
    }
    const g = groups[0];
    const loc = [...base, 0];
    const wantRole = ha ? "ACTIVE_STANDBY" : "ACTIVE";
    if (g.role_type !== wantRole) issues.push({ loc: [...loc, "role_type"], detail: `must be ${wantRole} when ha_enabled is ${ha}` });
    this.checkServerType(g.server_type_name, [...loc, "server_type_name"], issues);
    if (!g.block_storage_groups.some((b) => b.role_type === "DATA")) {
      issues.push({ loc: [...loc, "block_storage_groups"], detail: "at least one DATA block storage is required" });
    }
    for (const role of ["ARCHIVE", "TEMP", "BACKUP"] as const) {
      if (g.block_storage_groups.filter((b) => b.role_type === role).length > 1) {
        issues.push({ loc: [...loc, "block_storage_groups"], detail: `at most one ${role} block storage` });
      }
    }
    if (g.instances) {
      const roles = g.instances.map((i) => i.role_type).sort();
      const want = ha ? ["ACTIVE", "STANDBY"] : ["ACTIVE"];
      if (roles.join() !== want.join()) {
        issues.push({ loc: [...loc, "instances"], detail: `instances must have roles ${want.join(" and ")} when ha_enabled is ${ha}` });
      }
      this.checkInstances(g.instances, subnetId, natEnabled, [...loc, "instances"], issues);
    }
  }

  protected buildGroup(req: InstanceGroupRequest, ha: boolean, namePrefix: string, subnetId: string): InstanceGroup {
    const defaults = ha ? [{ role_type: "ACTIVE" }, { role_type: "STANDBY" }] : [{ role_type: "ACTIVE" }];
    return this.buildInstanceGroup(req, defaults, namePrefix, subnetId);
  }

  protected newCluster(
    base: BaseClusterFields,
    own: { ha: boolean; init: Cluster["init"]; vipPublicIpId: string | null; virtualIp: string | null },
  ): Cluster {
    return {
      ...this.baseCluster(base),
      ha_enabled: own.ha,
      init: own.init,
      replicas: [],
      vip_public_ip_id: own.vipPublicIpId,
      vip_public_ip_address: own.vipPublicIpId ? this.publicIp() : null,
      virtual_ip_address: own.virtualIp,
      archive: { archive_enabled: false, retention_period_day: null },
      log_exports: {},
      synced_at: null,
    };
  }

  // ---- clusters ----

  createCluster(body: CreateClusterBody, ctx: MutationContext): AsyncResult {
    const issues: FieldIssue[] = [];
    const engine = this.checkCreateBasics(body.dbaas_engine_version_id, body.timezone, issues);
    const ha = body.ha_enabled ?? false;
    const nat = body.nat_enabled ?? false;
    this.validateInstanceGroups(body.instance_groups, ha, nat, body.subnet_id, ["body", "instance_groups"], issues);
    if (!ha && body.virtual_ip_address)
      issues.push({ loc: ["body", "virtual_ip_address"], detail: "only allowed when ha_enabled is true" });
    if (!ha && body.vip_public_ip_id) issues.push({ loc: ["body", "vip_public_ip_id"], detail: "only allowed when ha_enabled is true" });
    if (body.vip_public_ip_id && !nat) issues.push({ loc: ["body", "vip_public_ip_id"], detail: "a public IP requires nat_enabled" });
    if (body.virtual_ip_address && this.usedIps().has(`${body.subnet_id}|${body.virtual_ip_address}`)) {
      issues.push({ loc: ["body", "virtual_ip_address"], detail: `${body.virtual_ip_address} is already in use` });
    }
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    this.checkNameFree(body.name);

    const group = this.buildGroup(body.instance_groups[0], ha, body.instance_name_prefix, body.subnet_id);
    const taken = this.usedIps();
    for (const i of group.instances) taken.add(`${body.subnet_id}|${i.service_ip_address}`);
    const o = body.init_config_option;
    const cluster = this.newCluster(
      this.createFields(body, {
        engine: engine!,
        password: o.database_user_password,
        groups: [group],
        backupOption: o.backup_option ?? null,
        originId: body.origin_cluster_id || null,
      }),
      {
        ha,
        init: {
          audit_enabled: o.audit_enabled ?? false,
          database_encoding: o.database_encoding ?? "UTF-8",
          database_locale: o.database_locale ?? "C",
          database_name: o.database_name,
          database_port: o.database_port ?? 2866,
          database_user_name: o.database_user_name,
          origin_region: null,
        },
        vipPublicIpId: body.vip_public_ip_id || null,
        virtualIp: ha ? body.virtual_ip_address || this.allocateIp(body.subnet_id, taken) : null,
      },
    );
    this.clusters.set(cluster.id, cluster);
    return this.begin(cluster, "create", ctx, {
      what: "create",
      apply: () => {
        if (cluster.backup_option) this.takeBackup(cluster);
      },
    });
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

  // ---- block storage ----

  addBlockStorage(instanceGroupId: string, body: BlockStorageRequest, ctx: MutationContext): AsyncResult {
    const { cluster, group } = this.findInstanceGroup(instanceGroupId);
    this.assertCanStart(cluster, "edit", "add block storage");
    const extra = group.block_storage_groups.filter((b) => b.role_type !== "OS");
    if (body.role_type !== "DATA" && extra.some((b) => b.role_type === body.role_type)) {
      throw ScpValidationError.field(["body", "role_type"], `the instance group already has a ${body.role_type} block storage`);
    }
    if (extra.length >= 10)
      throw ScpValidationError.field(["body"], "an instance group holds at most 10 block storages besides the OS disk");
    const n = extra.filter((b) => b.role_type === body.role_type).length + 1;
    return this.begin(cluster, "edit", ctx, {
      what: "block-storage-add",
      resourceId: group.id,
      apply: () => {
        group.block_storage_groups.push(this.buildStorage(body, `${cluster.instance_name_prefix}-${body.role_type.toLowerCase()}-${n}`));
      },
    });
  }

  // ---- audit log ----

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
}
