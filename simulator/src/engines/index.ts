/**
 * Real engines behind the simulated APIs. Off unless asked for (`--engines real`,
 * `DBAAS_SIM_REAL_ENGINES=1` or `startSimulator({ engines: "real" })`): API-only is the default
 * so the suite stays fast and machines without the binaries keep working.
 *
 * The server (../server.ts) drives a {@link EngineBackend}: requests are handled one at a time,
 * and before each one the clock settles and the backend reconciles the real servers with the API
 * state, so what a client reads is what is running (RUNNING means the endpoint accepts connections,
 * a deleted cluster has no server any more).
 */
import type { PostgresqlState } from "../scp/postgresql/state";
import { DATASTORE_TYPES } from "../selectel/catalog";
import type { DbaasState } from "../selectel/state";
import type { EngineBackend, ServiceRequest, ServiceResponse } from "../service";
import { EnginePool, PoolExhaustedError, DEFAULT_MAX_SERVERS } from "./pool";
import { EngineUnavailableError } from "./postgres/binaries";
import { ScpPostgresBacking } from "./postgres/scp-backing";
import { SelectelPostgresBacking } from "./postgres/selectel-backing";

export { EnginePool, PoolExhaustedError, DEFAULT_MAX_SERVERS } from "./pool";
export { EngineUnavailableError } from "./postgres/binaries";

export type EngineMode = "api-only" | "real";

/** The mode from an explicit option, else `DBAAS_SIM_REAL_ENGINES` (1/true/real → real; 0/false/api-only → api-only). */
export function engineMode(option: EngineMode | undefined, env: NodeJS.ProcessEnv = process.env): EngineMode {
  if (option) return option;
  const v = (env.DBAAS_SIM_REAL_ENGINES ?? "").trim().toLowerCase();
  if (v === "" || ["0", "false", "off", "no", "api-only"].includes(v)) return "api-only";
  if (["1", "true", "on", "yes", "real"].includes(v)) return "real";
  throw new Error(`DBAAS_SIM_REAL_ENGINES must be 1 (real engines) or 0 (API-only), got ${JSON.stringify(env.DBAAS_SIM_REAL_ENGINES)}`);
}

/** The pool size from an explicit option, else `DBAAS_SIM_REAL_ENGINES_MAX`, else 10. */
export function engineMax(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) return option;
  const raw = env.DBAAS_SIM_REAL_ENGINES_MAX;
  if (raw === undefined || raw === "") return DEFAULT_MAX_SERVERS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new Error(`DBAAS_SIM_REAL_ENGINES_MAX must be a positive integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export class RealEngines implements EngineBackend {
  readonly pool: EnginePool;
  private readonly scp: ScpPostgresBacking;
  private readonly selectel: SelectelPostgresBacking;

  constructor(o: { scp: PostgresqlState; selectel: DbaasState; max?: number; log?: (line: string) => void }) {
    const log = o.log ?? ((line: string) => process.stderr.write(`pulumi-dbaas-sim: ${line}\n`));
    this.pool = new EnginePool({ max: o.max, log });
    this.pool.ensureBinaries();
    try {
      require.resolve("pg");
    } catch {
      throw new EngineUnavailableError(
        "real engines need the pg package (a devDependency of pulumi-dbaas): install it, or run with --engines api-only",
      );
    }
    this.scp = new ScpPostgresBacking(o.scp, this.pool, log);
    this.selectel = new SelectelPostgresBacking(o.selectel, this.pool, log);
  }

  async reconcile(): Promise<void> {
    await this.scp.reconcile();
    await this.selectel.reconcile();
  }

  async precheck(
    service: string,
    req: ServiceRequest,
    errorResponse: (status: number, code: string, detail: string) => ServiceResponse,
  ): Promise<ServiceResponse | undefined> {
    if (service.startsWith("scp-postgresql")) {
      if (req.method === "POST" && /^\/v1\/clusters(\/[^/]+\/restore)?$/.test(req.path) && this.pool.full)
        return full(errorResponse, this.pool.max);
      return this.scp.precheck(req);
    }
    if (service === "selectel-dbaas") {
      const type = (req.body as { datastore?: { type_id?: unknown } } | undefined)?.datastore?.type_id;
      if (
        req.method === "POST" &&
        /^\/[^/]+\/v1\/datastores$/.test(req.path) &&
        this.pool.full &&
        typeof type === "string" &&
        this.isPostgresType(type)
      )
        return full(errorResponse, this.pool.max);
      return this.selectel.precheck(req);
    }
    return undefined;
  }

  observe(service: string, req: ServiceRequest, res: ServiceResponse): void {
    if (service.startsWith("scp-postgresql")) this.scp.observe(req, res);
  }

  private isPostgresType(typeId: string): boolean {
    return DATASTORE_TYPES.some((t) => t.id === typeId && t.engine === "postgresql");
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  dump(): unknown {
    return { pool: this.pool.dump(), scp: this.scp.dump(), selectel: this.selectel.dump() };
  }
}

function full(errorResponse: (status: number, code: string, detail: string) => ServiceResponse, max: number): ServiceResponse {
  return errorResponse(400, "QUOTA_EXCEEDED", new PoolExhaustedError(max).message);
}
