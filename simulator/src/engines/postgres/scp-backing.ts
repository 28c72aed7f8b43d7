/**
 * SCP PostgreSQL clusters backed by real servers. The API state stays the single truth: after the
 * clock settles, `reconcile` brings the servers in line with it (a cluster with no server gets one,
 * STOPPED stops it, a cluster that is gone loses its server and data, parameters whose applied
 * value changed are set). Replicas stay API-level (no streaming replication here).
 */
import { ScpValidationError } from "../../scp/errors";
import { checkParameterValue } from "../../scp/kit/model";
import type { Cluster, PostgresqlState } from "../../scp/postgresql/state";
import type { ServiceRequest, ServiceResponse } from "../../service";
import type { EnginePool } from "../pool";
import type { PgServer } from "./server";

/** States in which the cluster's server is down (it is started again when the cluster is RUNNING). */
const DOWN = new Set(["STOPPED", "STARTING"]);

export class ScpPostgresBacking {
  /** Parameter values (by name) set on each cluster's server. */
  private readonly applied = new Map<string, Record<string, string>>();
  private readonly failed = new Map<string, string>();
  /** Backup number → a copy of the data taken when the backup was recorded, and the parameters then set. */
  private readonly snapshots = new Map<string, { dir: string; params: Record<string, string> }>();
  /** Restored cluster id → what it restores (from the accepted restore request). */
  private readonly restores = new Map<string, { source: string; number?: string; time?: string }>();

  constructor(
    private readonly state: PostgresqlState,
    private readonly pool: EnginePool,
    private readonly log: (line: string) => void,
  ) {}

  private key(c: Cluster | string): string {
    return `scp-${typeof c === "string" ? c : c.id}`;
  }

  private backed(c: Cluster): boolean {
    return c.role_type !== "REPLICA" && c.role_type !== "SECONDARY";
  }

  async reconcile(): Promise<void> {
    for (const id of [...this.applied.keys()]) {
      if (this.state.clusters.has(id)) continue;
      this.applied.delete(id);
      await this.pool.destroy(this.key(id));
      this.log(`scp cluster ${id} deleted: its server and data are removed`);
    }
    for (const c of this.state.clusters.values()) {
      if (!this.backed(c) || this.failed.has(c.id)) continue;
      try {
        const server = this.pool.get(this.key(c)) ?? (await this.create(c));
        if (DOWN.has(c.service_state)) await server.stop();
        else if (c.service_state !== "TERMINATING") await server.start();
        if (server.running) await this.applyParameters(c, server);
        if (server.running) await this.takeSnapshots(c);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.failed.set(c.id, reason);
        this.log(`scp cluster ${c.id}: the real server failed, the cluster stays API-only: ${reason}`);
      }
    }
  }

  /**
   * The server's verdict on `PUT /v1/clusters/{id}/parameters` values the catalogue allows: a value
   * PostgreSQL refuses is the API's 400 INVALID_REQUEST on that field, with the server's reason.
   */
  async precheck(req: ServiceRequest): Promise<ServiceResponse | undefined> {
    const m = /^\/v1\/clusters\/([^/]+)\/parameters$/.exec(req.path);
    if (req.method !== "PUT" || !m) return undefined;
    const c = this.state.clusters.get(m[1]);
    const server = c && this.pool.get(this.key(c));
    const changes = (req.body as { parameters?: unknown } | undefined)?.parameters;
    if (!c || !server?.running || !Array.isArray(changes)) return undefined;
    for (const [i, ch] of changes.entries()) {
      const p = c.parameters.find((x) => x.id === (ch as { id?: unknown })?.id);
      const value = (ch as { new_value?: unknown })?.new_value;
      if (!p || typeof value !== "string" || checkParameterValue(p.def, value)) continue;
      const reason = await server.checkSetting(p.def.name, value);
      if (reason) {
        const err = ScpValidationError.field(
          ["body", "parameters", i, "new_value"],
          `PostgreSQL rejected ${p.def.name} = ${JSON.stringify(value)}: ${reason}`,
        );
        return { status: err.status, body: err.body() };
      }
    }
    return undefined;
  }

  /** Remember which backup an accepted restore asked for: the restored cluster's server starts from its snapshot. */
  observe(req: ServiceRequest, res: ServiceResponse): void {
    const m = /^\/v1\/clusters\/([^/]+)\/restore$/.exec(req.path);
    if (req.method !== "POST" || !m || res.status !== 202) return;
    const b = req.body as { backup_history_number?: string | null; backup_recovery_time?: string | null };
    const id = (res.body as { resource?: { id?: string } }).resource?.id;
    if (id)
      this.restores.set(id, { source: m[1], number: b.backup_history_number || undefined, time: b.backup_recovery_time || undefined });
  }

  /** Each new backup of the cluster gets a copy of the data as it is now. */
  private async takeSnapshots(c: Cluster): Promise<void> {
    for (const b of c.backups) {
      if (this.snapshots.has(b.backup_history_number)) continue;
      const dir = await this.pool.snapshot(this.key(c));
      this.snapshots.set(b.backup_history_number, { dir, params: { ...this.applied.get(c.id)! } });
    }
  }

  /** The snapshot a restore starts from: the backup asked for, or the last one taken at or before the recovery time. */
  private restoreSource(c: Cluster): { dir: string; params: Record<string, string> } | undefined {
    const r = this.restores.get(c.id);
    const source = r && this.state.clusters.get(r.source);
    if (!r) return undefined;
    if (r.number) return this.snapshots.get(r.number);
    const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(r.time!) ? r.time! : `${r.time}Z`);
    const covering = (source?.backups ?? []).filter(
      (b) => Date.parse(`${b.backup_end_at}Z`) <= t && this.snapshots.has(b.backup_history_number),
    );
    return covering.length ? this.snapshots.get(covering[covering.length - 1].backup_history_number) : undefined;
  }

  private async create(c: Cluster): Promise<PgServer> {
    const from = this.restoreSource(c);
    if (this.restores.has(c.id) && !from)
      this.log(`scp cluster ${c.id}: no snapshot of the backup it restores (taken before real engines ran?): it starts empty`);
    this.restores.delete(c.id);
    const server = await this.pool.create(this.key(c), c.init.database_port, from?.dir);
    if (from) {
      this.applied.set(c.id, { ...from.params });
    } else {
      await server.createRole(c.init.database_user_name, c.password, { createdb: true });
      await server.createDatabase(c.init.database_name, c.init.database_user_name);
      this.applied.set(c.id, Object.fromEntries(c.parameters.map((p) => [p.def.name, p.def.default_value])));
    }
    // The endpoint the API reports is where the server listens: the active instance (and the VIP
    // of an HA cluster) takes the server's loopback address.
    const active = c.instance_groups[0]?.instances.find((i) => i.role_type === "ACTIVE") ?? c.instance_groups[0]?.instances[0];
    if (active) active.service_ip_address = server.host;
    if (c.virtual_ip_address) c.virtual_ip_address = server.host;
    const major = c.engine.major_version;
    this.log(
      `scp cluster ${c.id} (${c.name}) is served by PostgreSQL ${server.version} at ${server.host}:${server.port}` +
        (major === server.version.split(".")[0]
          ? ""
          : ` (the cluster asks for ${major}: only ${server.version.split(".")[0]} is installed)`),
    );
    return server;
  }

  private async applyParameters(c: Cluster, server: PgServer): Promise<void> {
    const applied = this.applied.get(c.id)!;
    const changes: Record<string, string> = {};
    for (const p of c.parameters) {
      if (!p.def.is_modifiable || applied[p.def.name] === p.applied_value) continue;
      changes[p.def.name] = p.applied_value;
    }
    if (Object.keys(changes).length === 0) return;
    await server.applySettings(changes);
    Object.assign(applied, changes);
  }

  dump(): unknown {
    return { failed: Object.fromEntries(this.failed) };
  }
}
