/**
 * One SCP engine as a mounted service: its state, its route table and its product/versions for the
 * gateway (../gateway.ts). Each engine's index.ts is one call of this.
 */
import type { SimClock } from "../../clock";
import type { RouteDef } from "../../router";
import { ScpService, type ScpHandler, type ScpVersion } from "../gateway";
import type { ScpCredentials } from "../signature";

export interface EngineState {
  reset(): void;
  dump(): unknown;
  inAccount<T>(account: string, fn: () => T): T;
}

export function createScpEngineService<S extends EngineState>(o: {
  name: string;
  prefix: string;
  product: string;
  versions: ScpVersion[];
  state: S;
  routes: (state: S) => RouteDef<ScpHandler>[];
  clock: SimClock;
  credentials: () => readonly ScpCredentials[];
}): { service: ScpService; state: S } {
  const service = new ScpService({
    name: o.name,
    prefix: o.prefix,
    product: o.product,
    versions: o.versions,
    routes: o.routes(o.state),
    credentials: o.credentials,
    inAccount: (account, fn) => o.state.inAccount(account, fn),
    clock: o.clock,
    reset: () => o.state.reset(),
    dump: () => o.state.dump(),
  });
  return { service, state: o.state };
}
