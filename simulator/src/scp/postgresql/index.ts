/**
 * The simulated SCP PostgreSQL service, mounted at `/scp/postgresql` (the home region, kr-west1)
 * and at `/scp/<region>/postgresql` for the home region and every region an other-region replica
 * may live in. All mounts share one state, as one cloud does; each region's endpoint answers only
 * for the clusters that live in that region (an other-region replica is read, changed and deleted
 * through its own region's host, created through its source's).
 */
import type { SimClock } from "../../clock";
import type { ServiceRequest, SimService } from "../../service";
import type { ScpService } from "../gateway";
import { createScpEngineService } from "../kit/service";
import type { ScpCredentials } from "../signature";
import { OTHER_REGIONS, POSTGRESQL_CATALOG, SIM_REGION } from "./catalog";
import { postgresqlRoutes } from "./routes";
import { PostgresqlState } from "./state";

export const SCP_POSTGRESQL_PREFIX = "/scp/postgresql";
/** Every region the simulator serves PostgreSQL for, each at `/scp/<region>/postgresql`. */
export const SCP_POSTGRESQL_REGIONS = [SIM_REGION, ...OTHER_REGIONS];
export const scpPostgresqlRegionPrefix = (region: string) => `/scp/${region}/postgresql`;

export function createScpPostgresqlService(
  clock: SimClock,
  credentials: () => readonly ScpCredentials[],
): { service: ScpService; regional: SimService[]; state: PostgresqlState } {
  const { service, state } = createScpEngineService({
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
  const regional = SCP_POSTGRESQL_REGIONS.map((region): SimService => ({
    name: `scp-postgresql-${region}`,
    prefix: scpPostgresqlRegionPrefix(region),
    handle: (req: ServiceRequest) => state.inRegion(region, () => service.handle(req)),
    errorResponse: (status, code, detail) => service.errorResponse(status, code, detail),
    // The state is the home mount's: reset and dumped once, there.
    reset: () => {},
    dump: () => ({ sharesStateWith: service.name, region }),
  }));
  return { service, regional, state };
}
