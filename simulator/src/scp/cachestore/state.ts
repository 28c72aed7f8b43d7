/**
 * The state of the simulated SCP CacheStore service. The kit (../kit) runs the operations every SCP
 * engine shares; this adds the Redis cluster shape, create and restore, switchover and the
 * commands. No HTTP here: methods take parsed bodies, enforce the rules (throwing the errors of
 * ../errors.ts) and return model values; routes.ts serialises them.
 *
 * The shape (our reading; the document's example shows only placeholders): one data instance
 * group, `MASTER` with one MASTER instance, or `MASTER_REPLICA` with one MASTER and
 * `replica_count` REPLICA instances; `ha_enabled` (Sentinel) needs at least one replica and a
 * second group `SENTINEL` with one SENTINEL instance.
 */
import { ScpInvalidStateError, ScpValidationError, type FieldIssue } from "../errors";
import { ClusterOps } from "../kit/cluster-ops";
import type { BaseClusterFields, InstanceRequest } from "../kit/state-core";
import { COMMAND_DEFS, DEFAULT_DATABASE_PORT, DEFAULT_SENTINEL_PORT } from "./catalog";
import { type AsyncResult, type CacheStoreCluster, type Command, type InstanceGroup, type MutationContext, throwIfIssues } from "./model";
import type { CommandChange, CreateClusterBody, RedisBlockStorage, RedisInstanceGroup, RestoreBody } from "./schemas";

export * from "./model";

const isDataGroup = (role: string): boolean => role === "MASTER" || role === "MASTER_REPLICA";

export class CacheStoreState extends ClusterOps<CacheStoreCluster> {
  // ---- the Redis shape ----

  protected validateGroups(
    groups: RedisInstanceGroup[],
    ha: boolean,
    replicas: number,
    nat: boolean,
    subnetId: string,
    issues: FieldIssue[],
  ): void {
    const base = ["body", "instance_groups"];
    const data = groups.filter((g) => isDataGroup(g.role_type));
    const sentinels = groups.filter((g) => g.role_type === "SENTINEL");
    if (data.length !== 1)
      issues.push({ loc: base, detail: "a CacheStore cluster has exactly one MASTER or MASTER_REPLICA instance group" });
    if (ha && replicas < 1) issues.push({ loc: ["body", "replica_count"], detail: "ha_enabled (Sentinel) needs at least one replica" });
    if (ha && sentinels.length !== 1) issues.push({ loc: base, detail: "ha_enabled needs exactly one SENTINEL instance group" });
    const wantData = replicas > 0 ? "MASTER_REPLICA" : "MASTER";
    const seen = new Set<string>();
    groups.forEach((g, i) => {
      const loc = [...base, i];
      if (isDataGroup(g.role_type) && g.role_type !== wantData) {
        issues.push({ loc: [...loc, "role_type"], detail: `must be ${wantData} when replica_count is ${replicas}` });
      }
      if (g.role_type === "SENTINEL" && !ha) issues.push({ loc: [...loc, "role_type"], detail: "a SENTINEL group needs ha_enabled" });
      this.checkServerType(g.server_type_name, [...loc, "server_type_name"], issues);
      if (g.block_storage_groups.length !== 1)
        issues.push({ loc: [...loc, "block_storage_groups"], detail: "exactly one DATA block storage per instance group" });
      if (!g.instances) return;
      const want = this.defaultInstances(g.role_type, replicas).map((r) => r.role_type);
      const roles = g.instances.map((r) => r.role_type);
      if ([...roles].sort().join() !== [...want].sort().join()) {
        issues.push({ loc: [...loc, "instances"], detail: `instances must have roles ${want.join(", ")} (replica_count ${replicas})` });
      }
      this.checkInstances(g.instances, subnetId, nat, [...loc, "instances"], issues, seen);
    });
  }

  protected defaultInstances(groupRole: string, replicas: number): InstanceRequest[] {
    if (groupRole === "SENTINEL") return [{ role_type: "SENTINEL" }];
    return [{ role_type: "MASTER" }, ...Array.from({ length: replicas }, () => ({ role_type: "REPLICA" }))];
  }

  /** Data group first, then the Sentinel group; instance names run on across groups. */
  protected buildGroups(groups: RedisInstanceGroup[], replicas: number, prefix: string, subnetId: string): InstanceGroup[] {
    const ordered = [...groups.filter((g) => isDataGroup(g.role_type)), ...groups.filter((g) => g.role_type === "SENTINEL")];
    const taken = this.usedIps();
    let next = 1;
    return ordered.map((g) => {
      const built = this.buildInstanceGroup(g, this.defaultInstances(g.role_type, replicas), prefix, subnetId, { firstIndex: next, taken });
      next += built.instances.length;
      return built;
    });
  }

  protected newCluster(
    base: BaseClusterFields,
    own: { ha: boolean; replicas: number; databasePort: number; sentinelPort: number },
  ): CacheStoreCluster {
    const cluster = this.baseCluster(base);
    return {
      ...cluster,
      ha_enabled: own.ha,
      replica_count: own.replicas,
      database_port: own.databasePort,
      sentinel_port: own.sentinelPort,
      commands: COMMAND_DEFS.map((def) => ({ def, applied_value: def.name })),
      commands_updated_at: cluster.created_at,
    };
  }

  // ---- clusters ----

  createCluster(body: CreateClusterBody, ctx: MutationContext): AsyncResult {
    const issues: FieldIssue[] = [];
    const engine = this.checkCreateBasics(body.dbaas_engine_version_id, body.timezone, issues);
    const ha = body.ha_enabled ?? false;
    const nat = body.nat_enabled ?? false;
    const replicas = body.replica_count ?? 0;
    const o = body.init_config_option;
    const databasePort = o.database_port ?? DEFAULT_DATABASE_PORT;
    const sentinelPort = o.sentinel_port ?? DEFAULT_SENTINEL_PORT;
    if (ha && databasePort === sentinelPort) {
      issues.push({ loc: ["body", "init_config_option", "sentinel_port"], detail: "must differ from database_port" });
    }
    this.validateGroups(body.instance_groups, ha, replicas, nat, body.subnet_id, issues);
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    this.checkNameFree(body.name);

    const cluster = this.newCluster(
      this.createFields(body, {
        engine: engine!,
        password: o.database_user_password,
        groups: this.buildGroups(body.instance_groups, replicas, body.instance_name_prefix, body.subnet_id),
        backupOption: o.backup_option ?? null,
      }),
      { ha, replicas, databasePort, sentinelPort },
    );
    this.clusters.set(cluster.id, cluster);
    return this.begin(cluster, "create", ctx, {
      what: "create",
      apply: () => {
        if (cluster.backup_option) this.takeBackup(cluster);
      },
    });
  }

  /** A new cluster from a backup of `sourceId`: same shape; the data group gets the body's server type. */
  restoreCluster(sourceId: string, body: RestoreBody, ctx: MutationContext): AsyncResult {
    const storageIssue = body.block_storage_groups && body.block_storage_groups.length !== 1 ? "exactly one DATA block storage" : undefined;
    const source = this.checkRestore(sourceId, body, storageIssue);

    const groups: RedisInstanceGroup[] = source.instance_groups.map((g) => ({
      role_type: g.role_type as RedisInstanceGroup["role_type"],
      server_type_name: isDataGroup(g.role_type) ? body.server_type_name : g.server_type_name,
      block_storage_groups:
        isDataGroup(g.role_type) && body.block_storage_groups
          ? body.block_storage_groups
          : g.block_storage_groups
              .filter((b) => b.role_type !== "OS")
              .map((b) => ({
                role_type: "DATA" as const,
                size_gb: b.size_gb,
                volume_type: b.volume_type as RedisBlockStorage["volume_type"],
              })),
      instances: null,
    }));
    const restored = this.newCluster(
      this.restoreFields(source, body, this.buildGroups(groups, source.replica_count, body.instance_name_prefix, source.subnet_id)),
      { ha: source.ha_enabled, replicas: source.replica_count, databasePort: source.database_port, sentinelPort: source.sentinel_port },
    );
    restored.parameters = source.parameters.map((p) => ({ ...p }));
    restored.commands = source.commands.map((c) => ({ ...c }));
    this.clusters.set(restored.id, restored);
    return this.begin(restored, "create", ctx, { what: "restore" });
  }

  /** Promote the named REPLICA to MASTER (Sentinel clusters only); the old master becomes a replica. */
  switchoverCluster(id: string, hostName: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "switch over");
    if (!c.ha_enabled) throw new ScpInvalidStateError(`cluster ${id} is not highly available: switchover needs ha_enabled`);
    const data = c.instance_groups.find((g) => isDataGroup(g.role_type))!;
    const target = data.instances.find((i) => i.name === hostName);
    if (!target || target.role_type !== "REPLICA") {
      const names = data.instances.filter((i) => i.role_type === "REPLICA").map((i) => i.name);
      throw ScpValidationError.field(["body", "switch_host_name"], `must name a REPLICA instance of the cluster (${names.join(", ")})`);
    }
    return this.begin(c, "edit", ctx, {
      what: "switchover",
      apply: () => {
        for (const i of data.instances) if (i.role_type === "MASTER") i.role_type = "REPLICA";
        target.role_type = "MASTER";
      },
    });
  }

  // ---- commands ----

  listCommands(id: string): { contents: Command[]; last_updated_at: string } {
    const c = this.findCluster(id);
    return { contents: c.commands, last_updated_at: c.commands_updated_at };
  }

  /** Rename commands: the id must exist and match its name, be modifiable, and the new name be free. */
  updateCommands(id: string, changes: CommandChange[], ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "update commands");
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    const resolved: Array<{ cmd: Command; value: string }> = [];
    changes.forEach((ch, i) => {
      const loc = ["body", "commands", i];
      const cmd = c.commands.find((x) => x.def.id === ch.id);
      if (!cmd) return void issues.push({ loc: [...loc, "id"], detail: `command ${ch.id} does not exist on this cluster` });
      if (seen.has(ch.id)) return void issues.push({ loc: [...loc, "id"], detail: `command ${ch.id} is listed twice` });
      seen.add(ch.id);
      if (ch.name !== cmd.def.name)
        return void issues.push({ loc: [...loc, "name"], detail: `command ${ch.id} is ${cmd.def.name}, not ${ch.name}` });
      if (!cmd.def.modifiable) return void issues.push({ loc: [...loc, "id"], detail: `command ${cmd.def.name} is not modifiable` });
      if (!/^[A-Za-z0-9_-]+$/.test(ch.new_value))
        return void issues.push({ loc: [...loc, "new_value"], detail: "must match ^[A-Za-z0-9_-]+$" });
      if (ch.new_value === cmd.applied_value)
        return void issues.push({ loc: [...loc, "new_value"], detail: "new_value equals the current value" });
      const clash = c.commands.find(
        (o) => o !== cmd && (o.applied_value.toUpperCase() === ch.new_value.toUpperCase() || o.def.name === ch.new_value.toUpperCase()),
      );
      if (clash) return void issues.push({ loc: [...loc, "new_value"], detail: `${ch.new_value} is taken by ${clash.def.name}` });
      resolved.push({ cmd, value: ch.new_value });
    });
    throwIfIssues(issues);
    return this.begin(c, "edit", ctx, {
      what: "commands-update",
      apply: () => {
        for (const r of resolved) r.cmd.applied_value = r.value;
        c.commands_updated_at = this.now();
      },
    });
  }

  syncCommands(id: string, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "sync", "synchronize commands");
    return this.begin(c, "sync", ctx, { what: "commands-sync" });
  }

  dump(): unknown {
    return this.dumpClusters();
  }
}
