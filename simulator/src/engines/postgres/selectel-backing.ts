/**
 * Selectel PostgreSQL datastores backed by real servers, reconciled from the API state as SCP's are
 * (./scp-backing.ts): a datastore gets a server listening on `<loopback>:5433` (Selectel's
 * PostgreSQL port), `config` is set on it, and users, databases, grants and extensions become real
 * roles, databases, privileges and extensions; what is gone from the API is dropped.
 */
import { AVAILABLE_EXTENSIONS, configParameter } from "../../selectel/catalog";
import { checkConfigValue } from "../../selectel/config-check";
import { BadRequestError, ValidationError } from "../../selectel/errors";
import type { Datastore } from "../../selectel/model";
import type { DbaasState, RegionState } from "../../selectel/state";
import type { ServiceRequest, ServiceResponse } from "../../service";
import type { EnginePool } from "../pool";
import type { PgServer } from "./server";

export const SELECTEL_PG_PORT = 5433;

interface Realised {
  config: Record<string, string>;
  users: Map<string, { name: string; password: string }>;
  databases: Map<string, { name: string; owner: string | null }>;
  grants: Map<string, { user: string; database: string }>;
  extensions: Map<string, { name: string; database: string }>;
}

/** A config value as PostgreSQL reads it. */
function settingValue(v: unknown): string {
  if (typeof v === "boolean") return v ? "on" : "off";
  return String(v);
}

export class SelectelPostgresBacking {
  private readonly realised = new Map<string, Realised>();
  private readonly failed = new Map<string, string>();
  private readonly lastError = new Map<string, string>();

  constructor(
    private readonly state: DbaasState,
    private readonly pool: EnginePool,
    private readonly log: (line: string) => void,
  ) {}

  private key(id: string): string {
    return `selectel-${id}`;
  }

  private *datastores(): Generator<{ region: RegionState; d: Datastore }> {
    for (const region of this.state.regions.values()) {
      for (const d of region.datastores.values()) if (d.type.engine === "postgresql") yield { region, d };
    }
  }

  private find(id: string): { region: RegionState; d: Datastore } | undefined {
    for (const x of this.datastores()) if (x.d.id === id) return x;
    return undefined;
  }

  async reconcile(): Promise<void> {
    const live = new Set([...this.datastores()].map((x) => x.d.id));
    for (const id of [...this.realised.keys()]) {
      if (live.has(id)) continue;
      this.realised.delete(id);
      await this.pool.destroy(this.key(id));
      this.log(`selectel datastore ${id} deleted: its server and data are removed`);
    }
    for (const { region, d } of this.datastores()) {
      if (this.failed.has(d.id)) continue;
      let server = this.pool.get(this.key(d.id));
      try {
        server ??= await this.create(d);
        await server.start();
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.failed.set(d.id, reason);
        this.log(`selectel datastore ${d.id}: the real server failed, the datastore stays API-only from here: ${reason}`);
        continue;
      }
      try {
        await this.converge(region, d, server, this.realised.get(d.id)!);
      } catch (err) {
        // One object the server refused (say, a role that still owns something): said once, retried at the next request.
        const reason = err instanceof Error ? err.message : String(err);
        if (this.lastError.get(d.id) !== reason) this.log(`selectel datastore ${d.id}: ${reason}`);
        this.lastError.set(d.id, reason);
      }
    }
  }

  /**
   * Before the API handles it: a `config` value the catalogue allows but PostgreSQL refuses is the
   * API's 400 `Validation failure` on that key with the server's reason; an extension the server
   * does not have is a 400 as well.
   */
  async precheck(req: ServiceRequest): Promise<ServiceResponse | undefined> {
    const config = /^\/[^/]+\/v1\/datastores\/([^/]+)\/config$/.exec(req.path);
    if (req.method === "PUT" && config) {
      const x = this.find(config[1]);
      const server = x && this.pool.get(this.key(x.d.id));
      const values = (req.body as { config?: unknown } | undefined)?.config;
      if (!x || !server?.running || typeof values !== "object" || values === null) return undefined;
      for (const [name, value] of Object.entries(values)) {
        const param = configParameter(x.d.type.id, name);
        if (!param || value === null || checkConfigValue(param, value)) continue;
        const reason = await server.checkSetting(name, settingValue(value));
        if (reason) return answer(new ValidationError([[`config.${name}`, reason]]));
      }
      return undefined;
    }
    if (req.method === "POST" && /^\/[^/]+\/v1\/extensions$/.test(req.path)) {
      const b = (req.body as { extension?: { datastore_id?: unknown; available_extension_id?: unknown } } | undefined)?.extension;
      const x = typeof b?.datastore_id === "string" ? this.find(b.datastore_id) : undefined;
      const server = x && this.pool.get(this.key(x.d.id));
      const ext = AVAILABLE_EXTENSIONS.find((e) => e.id === b?.available_extension_id);
      if (!server?.running || !ext) return undefined;
      if (!(await server.availableExtensions()).has(ext.name)) {
        return answer(
          new BadRequestError(`Extension ${ext.name} is not available on this cluster's server (PostgreSQL ${server.version}).`),
        );
      }
    }
    return undefined;
  }

  private async create(d: Datastore): Promise<PgServer> {
    const server = await this.pool.create(this.key(d.id), SELECTEL_PG_PORT);
    this.realised.set(d.id, { config: {}, users: new Map(), databases: new Map(), grants: new Map(), extensions: new Map() });
    // The connection host the API reports is the server's loopback address.
    if (d.instances[0]) d.instances[0].ip = server.host;
    d.connection.MASTER = server.host;
    const major = d.type.version;
    this.log(
      `selectel datastore ${d.id} (${d.name}) is served by PostgreSQL ${server.version} at ${server.host}:${server.port}` +
        (major === server.version.split(".")[0]
          ? ""
          : ` (the datastore asks for ${major}: only ${server.version.split(".")[0]} is installed)`),
    );
    return server;
  }

  /** Drops first (extensions → grants → databases → users), then creates (users → databases → grants → extensions). */
  private async converge(region: RegionState, d: Datastore, server: PgServer, r: Realised): Promise<void> {
    const mine = <T extends { datastore_id: string }>(m: Map<string, T>): Map<string, T> =>
      new Map([...m].filter(([, c]) => c.datastore_id === d.id));
    const users = mine(region.children.users);
    const databases = mine(region.children.databases);
    const grants = mine(region.children.grants);
    const extensions = mine(region.children.extensions);

    const config: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(d.config)) if (r.config[k] !== settingValue(v)) config[k] = settingValue(v);
    for (const k of Object.keys(r.config)) if (!(k in d.config)) config[k] = null;
    if (Object.keys(config).length) {
      await server.applySettings(config);
      for (const [k, v] of Object.entries(config)) {
        if (v === null) delete r.config[k];
        else r.config[k] = v;
      }
    }

    for (const [id, e] of r.extensions)
      if (!extensions.has(id)) {
        await server.dropExtension(e.database, e.name);
        r.extensions.delete(id);
      }
    for (const [id, g] of r.grants)
      if (!grants.has(id)) {
        await server.revoke(g.user, g.database);
        r.grants.delete(id);
      }
    for (const [id, db] of r.databases)
      if (!databases.has(id)) {
        await server.dropDatabase(db.name);
        r.databases.delete(id);
      }
    for (const [id, u] of r.users)
      if (!users.has(id)) {
        await server.dropRole(u.name);
        r.users.delete(id);
      }

    for (const [id, u] of users) {
      const have = r.users.get(id);
      if (!have) await server.createRole(u.name, u.password);
      else if (have.password !== u.password) await server.alterRolePassword(u.name, u.password);
      r.users.set(id, { name: u.name, password: u.password });
    }
    const userName = (id: string | null): string | null => (id === null ? null : (r.users.get(id)?.name ?? null));
    for (const [id, db] of databases) {
      const owner = userName(db.owner_id);
      const have = r.databases.get(id);
      if (!have) await server.createDatabase(db.name, owner);
      else if (have.owner !== owner && owner !== null) await server.alterDatabaseOwner(db.name, owner);
      r.databases.set(id, { name: db.name, owner });
    }
    for (const [id, g] of grants) {
      const user = userName(g.user_id);
      const database = r.databases.get(g.database_id)?.name;
      if (r.grants.has(id) || !user || !database) continue;
      await server.grant(user, database);
      r.grants.set(id, { user, database });
    }
    for (const [id, e] of extensions) {
      const name = AVAILABLE_EXTENSIONS.find((a) => a.id === e.available_extension_id)?.name;
      const database = r.databases.get(e.database_id)?.name;
      if (r.extensions.has(id) || !name || !database) continue;
      await server.createExtension(database, name);
      r.extensions.set(id, { name, database });
    }
  }

  dump(): unknown {
    return { failed: Object.fromEntries(this.failed), lastError: Object.fromEntries(this.lastError) };
  }
}

function answer(err: ValidationError | BadRequestError): ServiceResponse {
  return { status: err.status, body: err.body() };
}
