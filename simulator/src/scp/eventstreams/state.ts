/**
 * The state of the simulated SCP EventStreams (Kafka) service. The kit (../kit) runs the operations
 * every SCP engine shares; this adds the Kafka cluster shape, create, more brokers
 * (`add-instances`) and the minor patch's `dbaas_engine` check. No HTTP here.
 *
 * The shape (our reading of the SDK's roles ZOOKEEPER_BROKER | ZOOKEEPER | BROKER | AKHQ): with
 * `is_combined` one `ZOOKEEPER_BROKER` group of 1 or 3 nodes; without it a `ZOOKEEPER` group of 1
 * or 3 nodes and a `BROKER` group of 1 to MAX_BROKERS; with `akhq_enabled` one `AKHQ` group of
 * one node. Every instance of a group has the group's role.
 */
import { ScpValidationError, type FieldIssue } from "../errors";
import { ClusterOps } from "../kit/cluster-ops";
import { DBAAS_ENGINE, DEFAULT_BROKER_PORT, DEFAULT_ZOOKEEPER_PORT, MAX_BROKERS } from "./catalog";
import { type AsyncResult, type EventStreamsCluster, type InstanceGroup, type MutationContext, throwIfIssues } from "./model";
import type { AddInstancesBody, CreateClusterBody, InstanceGroupRequest, Role } from "./schemas";

export * from "./model";

const BROKER_ROLES: readonly string[] = ["BROKER", "ZOOKEEPER_BROKER"];
/** Creation order of the groups (and of instance numbering). */
const GROUP_ORDER: readonly Role[] = ["ZOOKEEPER_BROKER", "ZOOKEEPER", "BROKER", "AKHQ"];

export class EventStreamsState extends ClusterOps<EventStreamsCluster> {
  // ---- the Kafka shape ----

  protected validateGroups(
    groups: InstanceGroupRequest[],
    combined: boolean,
    akhq: boolean,
    nat: boolean,
    subnetId: string,
    issues: FieldIssue[],
  ): void {
    const base = ["body", "instance_groups"];
    const count = (role: Role) => groups.filter((g) => g.role_type === role).length;
    const want: Partial<Record<Role, number>> = combined ? { ZOOKEEPER_BROKER: 1 } : { ZOOKEEPER: 1, BROKER: 1 };
    if (akhq) want.AKHQ = 1;
    for (const role of GROUP_ORDER) {
      if (count(role) !== (want[role] ?? 0)) {
        issues.push({
          loc: base,
          detail: `is_combined ${combined} and akhq_enabled ${akhq} need ${Object.entries(want)
            .map(([r]) => `one ${r}`)
            .join(", ")} instance group`,
        });
        break;
      }
    }
    const seen = new Set<string>();
    groups.forEach((g, i) => {
      const loc = [...base, i];
      const n = g.instances.length;
      if ((g.role_type === "ZOOKEEPER" || g.role_type === "ZOOKEEPER_BROKER") && n !== 1 && n !== 3) {
        issues.push({ loc: [...loc, "instances"], detail: `a ${g.role_type} group has 1 or 3 instances (a ZooKeeper quorum)` });
      }
      if (g.role_type === "BROKER" && n > MAX_BROKERS)
        issues.push({ loc: [...loc, "instances"], detail: `at most ${MAX_BROKERS} brokers` });
      if (g.role_type === "AKHQ" && n !== 1) issues.push({ loc: [...loc, "instances"], detail: "an AKHQ group has one instance" });
      g.instances.forEach((inst, k) => {
        if (inst.role_type !== g.role_type)
          issues.push({ loc: [...loc, "instances", k, "role_type"], detail: `must be ${g.role_type}, the group's role` });
      });
      this.checkServerType(g.server_type_name, [...loc, "server_type_name"], issues);
      this.checkInstances(g.instances, subnetId, nat, [...loc, "instances"], issues, seen);
    });
  }

  protected buildGroups(groups: InstanceGroupRequest[], prefix: string, subnetId: string): InstanceGroup[] {
    const ordered = GROUP_ORDER.flatMap((role) => groups.filter((g) => g.role_type === role));
    const taken = this.usedIps();
    let next = 1;
    return ordered.map((g) => {
      const built = this.buildInstanceGroup(g, [], prefix, subnetId, { firstIndex: next, taken });
      next += built.instances.length;
      return built;
    });
  }

  // ---- clusters ----

  createCluster(body: CreateClusterBody, ctx: MutationContext): AsyncResult {
    const issues: FieldIssue[] = [];
    const engine = this.checkCreateBasics(body.dbaas_engine_version_id, body.timezone, issues);
    const combined = body.is_combined ?? false;
    const akhq = body.akhq_enabled ?? false;
    const nat = body.nat_enabled ?? false;
    const o = body.init_config_option;
    const brokerPort = o.broker_port ?? DEFAULT_BROKER_PORT;
    const zookeeperPort = o.zookeeper_port ?? DEFAULT_ZOOKEEPER_PORT;
    const init = ["body", "init_config_option"];
    if (brokerPort === zookeeperPort) issues.push({ loc: [...init, "zookeeper_port"], detail: "must differ from broker_port" });
    if (akhq && !o.akhq_id) issues.push({ loc: [...init, "akhq_id"], detail: "required when akhq_enabled is true" });
    if (akhq && !o.akhq_password) issues.push({ loc: [...init, "akhq_password"], detail: "required when akhq_enabled is true" });
    if (!akhq && o.akhq_id) issues.push({ loc: [...init, "akhq_id"], detail: "only allowed when akhq_enabled is true" });
    if (!akhq && o.akhq_password) issues.push({ loc: [...init, "akhq_password"], detail: "only allowed when akhq_enabled is true" });
    this.validateGroups(body.instance_groups, combined, akhq, nat, body.subnet_id, issues);
    this.checkAllowedIps(body.allowable_ip_addresses, ["body", "allowable_ip_addresses"], issues);
    throwIfIssues(issues);
    this.checkNameFree(body.name);

    const cluster: EventStreamsCluster = {
      ...this.baseCluster(
        this.createFields(body, {
          engine: engine!,
          password: o.broker_sasl_password,
          groups: this.buildGroups(body.instance_groups, body.instance_name_prefix, body.subnet_id),
          backupOption: null,
        }),
      ),
      is_combined: combined,
      akhq_enabled: akhq,
      service_watch_log_collection: body.service_watch_log_collection,
      broker_port: brokerPort,
      zookeeper_port: zookeeperPort,
      broker_sasl_id: o.broker_sasl_id,
      zookeeper_sasl_id: o.zookeeper_sasl_id,
      akhq_id: o.akhq_id ?? null,
    };
    this.clusters.set(cluster.id, cluster);
    return this.begin(cluster, "create", ctx, { what: "create" });
  }

  /** More brokers: addresses are either all given (free in the subnet) or all left to the service. */
  addInstances(id: string, body: AddInstancesBody, ctx: MutationContext): AsyncResult {
    const c = this.findCluster(id);
    this.assertCanStart(c, "edit", "add instances");
    const group = c.instance_groups.find((g) => BROKER_ROLES.includes(g.role_type))!;
    const issues: FieldIssue[] = [];
    const n = body.instance_count;
    if (group.instances.length + n > MAX_BROKERS) {
      issues.push({
        loc: ["body", "instance_count"],
        detail: `a cluster has at most ${MAX_BROKERS} brokers (it has ${group.instances.length})`,
      });
    }
    const ips = body.service_ip_addresses;
    if (ips.length !== 0 && ips.length !== n) {
      issues.push({
        loc: ["body", "service_ip_addresses"],
        detail: `give instance_count (${n}) addresses, or none to let the service choose`,
      });
    }
    const publicIps = body.public_ip_ids ?? [];
    if (publicIps.length && !c.nat_enabled) issues.push({ loc: ["body", "public_ip_ids"], detail: "a public IP requires nat_enabled" });
    else if (publicIps.length && publicIps.length !== n)
      issues.push({ loc: ["body", "public_ip_ids"], detail: `give instance_count (${n}) public IP ids, or none` });
    const requested = Array.from({ length: n }, (_, i) => ({
      role_type: group.role_type,
      service_ip_address: ips[i] ?? null,
      public_ip_id: publicIps[i] ?? null,
    }));
    const seen = new Set<string>();
    ips.forEach((ip, i) => this.checkAddress(ip, c.subnet_id, ["body", "service_ip_addresses", i], issues, seen));
    throwIfIssues(issues);
    const first = c.instance_groups.reduce((sum, g) => sum + g.instances.length, 0) + 1;
    return this.begin(c, "edit", ctx, {
      what: "add-instances",
      apply: () => {
        group.instances.push(...this.buildInstances(requested, c.instance_name_prefix, c.subnet_id, first));
      },
    });
  }

  /** Seed 000's body names the engine; it must be this service's. */
  patchEngine(id: string, dbaasEngine: string, softwareVersion: string, ctx: MutationContext): AsyncResult {
    this.findCluster(id);
    if (dbaasEngine !== DBAAS_ENGINE) throw ScpValidationError.field(["body", "dbaas_engine"], `must be ${DBAAS_ENGINE}`);
    return this.patchMinorVersion(id, softwareVersion, false, ctx);
  }

  dump(): unknown {
    return this.dumpClusters();
  }
}
