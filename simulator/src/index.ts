/**
 * pulumi-dbaas simulator: a local, faithful stand-in for the managed-database APIs the package
 * drives. One HTTP server; each cloud service is mounted under its own prefix:
 *
 * - `/scp/postgresql`: SCP PostgreSQL (stands for `https://postgresql.<region>.<env>.samsungsdscloud.com`), and
 *   `/scp/<region>/postgresql` for kr-west1 (the same) and the regions other-region replicas live in
 * - `/scp/cachestore`: SCP CacheStore (Redis) (stands for `https://cachestore.<region>.<env>.samsungsdscloud.com`)
 * - `/scp/eventstreams`: SCP EventStreams (Kafka) (stands for `https://eventstreams.<region>.<env>.samsungsdscloud.com`)
 * - `/scp/resourcemanager`: SCP Resource Manager, tags of those clusters
 *   (stands for `https://resourcemanager.<region>.<env>.samsungsdscloud.com`)
 * - `/selectel/identity`: Selectel Keystone (stands for `https://cloud.api.selcloud.ru/identity`)
 * - `/selectel/dbaas/<region>`: Selectel Managed Databases (stands for `https://<region>.dbaas.selcloud.ru`)
 * - `/acloud`: Avisi Cloud (stands for `https://api.avisi.cloud`)
 * - `/stray/scp`, `/stray/selectel`, `/stray/acloud`: not an API: every path answers 404 in that
 *   cloud's error envelope, as a wrong endpoint prefix can (./stray.ts)
 *
 * The control API lives under `/_sim/` (no auth); {@link Simulator} mirrors it in-process.
 */
import { SimClock, type ClockMode } from "./clock";
import type { FaultRule, FaultRuleInput } from "./faults";
import type { LoggedRequest } from "./request-log";
import { ACLOUD_PREFIX, createAcloudService } from "./acloud";
import { DOCUMENTED_MESSAGES } from "./acloud/errors";
import { RealEngines, engineMax, engineMode, type EngineMode } from "./engines";
import { createScpCachestoreService, SCP_CACHESTORE_PREFIX } from "./scp/cachestore";
import { createScpEventstreamsService, SCP_EVENTSTREAMS_PREFIX } from "./scp/eventstreams";
import { createScpPostgresqlService, SCP_POSTGRESQL_PREFIX } from "./scp/postgresql";
import { createScpResourceManagerService } from "./scp/resourcemanager";
import { SIM_ACCOUNT_ID } from "./scp/kit/catalog";
import {
  createSelectelServices,
  SELECTEL_DBAAS_PREFIX,
  SELECTEL_IDENTITY_PREFIX,
  type SelectelCredentials,
  type SelectelOptions,
} from "./selectel";
import { SimServer, type ClockUpdate } from "./server";
import type { ServiceResponse } from "./service";
import { lastSegment, strayService } from "./stray";
import { selectelErrorBody } from "./selectel/errors";

export type { ClockMode } from "./clock";
export type { EngineMode } from "./engines";
export type { FaultKind, FaultRule, FaultRuleInput } from "./faults";
export type { LoggedRequest } from "./request-log";

export const DEFAULT_SCP_ACCESS_KEY = "sim-access-key";
export const DEFAULT_SCP_SECRET_KEY = "sim-secret-key";
/** Prefixes reserved for services to come, so clients can be configured today (none left). */
export const RESERVED_PREFIXES = [] as const;

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Milliseconds per transition step in `time` mode (default 1000). */
  stepMs?: number;
  /** Start in `manual` mode instead of `time`. */
  mode?: ClockMode;
  scp?: {
    accessKey: string;
    secretKey: string;
    /** Further SCP accounts, each with its own key (env `DBAAS_SIM_SCP_ACCOUNTS`: `accessKey:secretKey:accountId,…`). */
    accounts?: readonly ScpAccount[];
  };
  /** Selectel service user, account, project and token lifetime (defaults in ./selectel). */
  selectel?: SelectelOptions;
  /** Avisi personal access token and organisation slug (defaults in ./acloud). */
  acloud?: { token?: string; organisation?: string };
  /**
   * `real`: SCP PostgreSQL clusters and Selectel PostgreSQL datastores are backed by real
   * PostgreSQL servers on loopback addresses (see engines/). Default: `DBAAS_SIM_REAL_ENGINES`, else `api-only`.
   */
  engines?: EngineMode;
  /** Most real servers at once (default `DBAAS_SIM_REAL_ENGINES_MAX`, else 10). */
  maxEngines?: number;
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** Base URLs of the mounted services. */
  readonly endpoints: {
    scpPostgresql: string;
    scpCachestore: string;
    scpEventstreams: string;
    selectelIdentity: string;
    selectelDbaas: string;
    acloud: string;
  };
  readonly scpCredentials: { accessKey: string; secretKey: string };
  /** Every SCP account: the default one (`scpCredentials`, account SIM_ACCOUNT_ID) first; each sees only its own clusters. */
  readonly scpAccounts: readonly ScpAccount[];
  readonly selectelCredentials: SelectelCredentials;
  readonly acloudCredentials: { token: string; organisation: string };
  /** Whether clusters are backed by real servers. */
  readonly engines: EngineMode;
  /** Stops and removes every real server (and the simulator's temporary directories). */
  close(): Promise<void>;
  requests(since?: number): LoggedRequest[];
  clearRequests(): void;
  setClock(update: ClockUpdate): { mode: ClockMode; stepMs: number; pending: number };
  /** Complete `steps` pending steps of every in-flight operation. */
  advance(steps?: number): number;
  addFault(rule: FaultRuleInput): string;
  faults(): FaultRule[];
  clearFaults(): void;
  reset(): void;
  state(): unknown;
  /** A service's control action, as `POST /_sim/services/<service>/<action>`. */
  control(service: string, action: string, body?: unknown): ServiceResponse;
}

/** An SCP access key and the account it belongs to. */
export interface ScpAccount {
  accessKey: string;
  secretKey: string;
  accountId: string;
}

/** `accessKey:secretKey:accountId,…` (DBAAS_SIM_SCP_ACCOUNTS). */
export function scpAccountsFromEnv(text: string | undefined): ScpAccount[] {
  return (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [accessKey, secretKey, accountId, ...rest] = entry.split(":");
      if (!accessKey || !secretKey || !accountId || rest.length > 0)
        throw new Error("DBAAS_SIM_SCP_ACCOUNTS: each entry is accessKey:secretKey:accountId");
      return { accessKey, secretKey, accountId };
    });
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const scpCredentials = {
    accessKey: opts.scp?.accessKey ?? process.env.DBAAS_SIM_SCP_ACCESS_KEY ?? DEFAULT_SCP_ACCESS_KEY,
    secretKey: opts.scp?.secretKey ?? process.env.DBAAS_SIM_SCP_SECRET_KEY ?? DEFAULT_SCP_SECRET_KEY,
  };
  const scpAccounts: ScpAccount[] = [
    { ...scpCredentials, accountId: SIM_ACCOUNT_ID },
    ...(opts.scp?.accounts ?? scpAccountsFromEnv(process.env.DBAAS_SIM_SCP_ACCOUNTS)),
  ];
  const clock = new SimClock({ mode: opts.mode ?? "time", stepMs: opts.stepMs ?? 1000 });
  const server = new SimServer(clock);
  const postgresql = createScpPostgresqlService(clock, () => scpAccounts);
  server.mount(postgresql.service);
  for (const regional of postgresql.regional) server.mount(regional);
  const cachestore = createScpCachestoreService(clock, () => scpAccounts);
  server.mount(cachestore.service);
  const eventstreams = createScpEventstreamsService(clock, () => scpAccounts);
  server.mount(eventstreams.service);
  server.mount(
    createScpResourceManagerService(clock, () => scpAccounts, {
      postgresql: postgresql.state,
      cachestore: cachestore.state,
      eventstreams: eventstreams.state,
    }),
  );
  const selectel = createSelectelServices(clock, opts.selectel);
  server.mount(selectel.identity);
  server.mount(selectel.dbaas);
  const acloud = createAcloudService(clock, opts.acloud);
  server.mount(acloud);
  server.mount(strayService("scp", (path) => ({ errors: [{ code: "NOT_FOUND", detail: `${lastSegment(path)} not found` }] })));
  server.mount(strayService("selectel", (path) => selectelErrorBody(404, `${lastSegment(path)} not found.`)));
  server.mount(strayService("acloud", () => ({ message: DOCUMENTED_MESSAGES[404], details: [] })));
  const engines = engineMode(opts.engines);
  if (engines === "real")
    server.useEngines(new RealEngines({ scp: postgresql.state, selectel: selectel.dbaas.state, max: engineMax(opts.maxEngines) }));
  const url = await server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
  return {
    url,
    endpoints: {
      scpPostgresql: `${url}${SCP_POSTGRESQL_PREFIX}`,
      scpCachestore: `${url}${SCP_CACHESTORE_PREFIX}`,
      scpEventstreams: `${url}${SCP_EVENTSTREAMS_PREFIX}`,
      selectelIdentity: `${url}${SELECTEL_IDENTITY_PREFIX}`,
      selectelDbaas: `${url}${SELECTEL_DBAAS_PREFIX}`,
      acloud: `${url}${ACLOUD_PREFIX}`,
    },
    scpCredentials,
    scpAccounts,
    selectelCredentials: selectel.credentials,
    acloudCredentials: acloud.credentials,
    engines,
    close: () => server.close(),
    requests: (since = 0) => server.requests(since),
    clearRequests: () => server.log.clear(),
    setClock: (update) => server.setClock(update),
    advance: (steps = 1) => server.setClock({ advance: steps }).completedSteps ?? 0,
    addFault: (rule) => server.faults.add(rule).id,
    faults: () => server.faults.list(),
    clearFaults: () => server.faults.clear(),
    reset: () => server.reset(),
    state: () => server.state(),
    control: (service, action, body = {}) => server.serviceControl(service, action, body),
  };
}
