/** The simulated SCP EventStreams (Kafka) service, mounted at `/scp/eventstreams`. */
import type { SimClock } from "../../clock";
import type { ScpService } from "../gateway";
import { createScpEngineService } from "../kit/service";
import type { ScpCredentials } from "../signature";
import { EVENTSTREAMS_CATALOG } from "./catalog";
import { eventstreamsRoutes } from "./routes";
import { EventStreamsState } from "./state";

export const SCP_EVENTSTREAMS_PREFIX = "/scp/eventstreams";

export function createScpEventstreamsService(
  clock: SimClock,
  credentials: () => readonly ScpCredentials[],
): { service: ScpService; state: EventStreamsState } {
  return createScpEngineService({
    name: "scp-eventstreams",
    prefix: SCP_EVENTSTREAMS_PREFIX,
    product: "eventstreams",
    versions: [
      // Seed 000: "Deprecated versions with Not Before dates that have arrived or expired are no
      // longer supported": 1.0's date is 2026-05-31, so from then on a 1.0 header is refused.
      { version: "1.0", status: "DEPRECATED", notBefore: "2026-05-31", refusedFrom: "2026-05-31" },
      { version: "1.1", status: "CURRENT", notBefore: "2025-07-01" },
    ],
    state: new EventStreamsState(clock, EVENTSTREAMS_CATALOG),
    routes: eventstreamsRoutes,
    clock,
    credentials,
  });
}
