/** The simulated SCP PostgreSQL service, mounted at `/scp/postgresql`. */
import type { SimClock } from "../../clock";
import type { ScpService } from "../gateway";
import { createScpEngineService } from "../kit/service";
import type { ScpCredentials } from "../signature";
import { POSTGRESQL_CATALOG } from "./catalog";
import { postgresqlRoutes } from "./routes";
import { PostgresqlState } from "./state";

export const SCP_POSTGRESQL_PREFIX = "/scp/postgresql";

export function createScpPostgresqlService(clock: SimClock, credentials: () => ScpCredentials): { service: ScpService; state: PostgresqlState } {
  return createScpEngineService({
    name: "scp-postgresql",
    prefix: SCP_POSTGRESQL_PREFIX,
    product: "postgresql",
    versions: [
      // 1.0 is still served (the PostgreSQL suite pins it); its retirement date is not enforced here.
      { version: "1.0", status: "DEPRECATED", notBefore: "2026-05-31" },
      { version: "1.1", status: "CURRENT", notBefore: "2025-07-01" },
    ],
    state: new PostgresqlState(clock, POSTGRESQL_CATALOG),
    routes: postgresqlRoutes,
    clock,
    credentials,
  });
}
