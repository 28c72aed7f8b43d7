/** The simulated SCP CacheStore (Redis) service, mounted at `/scp/cachestore`. */
import type { SimClock } from "../../clock";
import type { ScpService } from "../gateway";
import { createScpEngineService } from "../kit/service";
import type { ScpCredentials } from "../signature";
import { CACHESTORE_CATALOG } from "./catalog";
import { cachestoreRoutes } from "./routes";
import { CacheStoreState } from "./state";

export const SCP_CACHESTORE_PREFIX = "/scp/cachestore";

export function createScpCachestoreService(
  clock: SimClock,
  credentials: () => readonly ScpCredentials[],
): { service: ScpService; state: CacheStoreState } {
  return createScpEngineService({
    name: "scp-cachestore",
    prefix: SCP_CACHESTORE_PREFIX,
    product: "cachestore",
    // The document publishes 1.0 only (CURRENT since 2025-07-01).
    versions: [{ version: "1.0", status: "CURRENT", notBefore: "2025-07-01" }],
    state: new CacheStoreState(clock, CACHESTORE_CATALOG),
    routes: cachestoreRoutes,
    clock,
    credentials,
  });
}
