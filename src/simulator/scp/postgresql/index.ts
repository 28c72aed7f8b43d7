/** The simulated SCP PostgreSQL service, mounted at `/scp/postgresql`. */
import type { SimClock } from "../../clock";
import { ScpService } from "../gateway";
import type { ScpCredentials } from "../signature";
import { POSTGRESQL_CATALOG } from "./catalog";
import { postgresqlRoutes } from "./routes";
import { PostgresqlState } from "./state";

export const SCP_POSTGRESQL_PREFIX = "/scp/postgresql";

export function createScpPostgresqlService(clock: SimClock, credentials: () => ScpCredentials): { service: ScpService; state: PostgresqlState } {
  const state = new PostgresqlState(clock, POSTGRESQL_CATALOG);
  const service = new ScpService({
    name: "scp-postgresql",
    prefix: SCP_POSTGRESQL_PREFIX,
    product: "postgresql",
    versions: [
      { version: "1.0", status: "DEPRECATED", notBefore: "2026-05-31" },
      { version: "1.1", status: "CURRENT", notBefore: "2025-07-01" },
    ],
    routes: postgresqlRoutes(state),
    credentials,
    clock,
    reset: () => state.reset(),
    dump: () => state.dump(),
  });
  return { service, state };
}
