// The simulator as tests see it: started in-process, driven through its HTTP control API.
import { startSimulator } from "pulumi-dbaas-sim";

export interface LoggedRequest {
  seq: number;
  service: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  status: number;
  body?: any;
}

export const SELECTEL = {
  username: "sim-user",
  password: "sim-password",
  accountId: "sim-account",
  projectId: "0123456789abcdef0123456789abcdef",
};

export const SIM_ACCESS_KEY = "sim-access-key";
export const ACLOUD = { token: "acpat_sim-token", organisation: "sim-org" };
export const SIM_SECRET_KEY = "sim-secret-key";

/** A second SCP account and a second project of the Selectel user, for tests of explicit accounts. */
export const SCP_OTHER = {
  accessKey: "sim-other-access-key",
  secretKey: "sim-other-secret-key",
  accountId: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
};
/** A second key of that account (a rotation). */
export const SCP_OTHER_ROTATED = {
  accessKey: "sim-other-access-key-2",
  secretKey: "sim-other-secret-key-2",
  accountId: SCP_OTHER.accountId,
};
export const SIM_SCP_ACCOUNT_ID = "4c7f1bb2e0a94b6f9a1d3e5f7a9c0b12";
export const SELECTEL_OTHER_PROJECT = "fedcba9876543210fedcba9876543210";

export async function startSim(opts: { stepMs?: number; engines?: "real" | "api-only" } = {}) {
  const sim = await startSimulator({
    port: 0,
    stepMs: opts.stepMs ?? 150,
    engines: opts.engines ?? "api-only",
    scp: { accessKey: SIM_ACCESS_KEY, secretKey: SIM_SECRET_KEY, accounts: [SCP_OTHER, SCP_OTHER_ROTATED] },
    selectel: { projects: [SELECTEL_OTHER_PROJECT] },
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/_sim/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url: sim.url,
    scpEndpoint: `${sim.url}/scp/{service}`,
    selectelAuthUrl: `${sim.url}/selectel/identity/v3`,
    selectelEndpoint: `${sim.url}/selectel/dbaas/{region}/v1`,
    acloudEndpoint: `${sim.url}/acloud`,
    /** An Avisi control action (`advance-time`, `inject-outcome`, …). */
    acloud: (action: string, body: Record<string, unknown> = {}) => control("POST", `services/acloud/${action}`, body),
    /** A raw Selectel DBaaS call with a fresh token (for out-of-band changes and catalogue look-ups). */
    async selectelApi(method: string, path: string, body?: unknown, region = "ru-7") {
      const auth = await fetch(`${sim.url}/selectel/identity/v3/auth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ["password"],
              password: { user: { name: SELECTEL.username, domain: { name: SELECTEL.accountId }, password: SELECTEL.password } },
            },
            scope: { project: { id: SELECTEL.projectId } },
          },
        }),
      });
      const token = auth.headers.get("x-subject-token")!;
      const res = await fetch(`${sim.url}/selectel/dbaas/${region}/v1${path}`, {
        method,
        headers: { "x-auth-token": token, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    close: () => sim.close(),
    async requests(): Promise<LoggedRequest[]> {
      return (await control("GET", "requests")).requests;
    },
    /** Mutating calls only, as "METHOD /path" with ids replaced by {id}. */
    async mutations(): Promise<string[]> {
      return (await this.requests())
        .filter((r) => r.method !== "GET")
        .map(
          (r) =>
            `${r.method} ${r.path
              .replace(/^\/scp\/(?:[a-z]{2}-[a-z]+\d+\/)?[a-z]+/, "")
              .replace(/^(\/selectel\/dbaas)?\/[a-z]{2}-\d+\/v1/, "")
              .replace(/^(\/selectel\/identity)?\/v3/, "")
              .replace(/\/[0-9a-f]{32}(?=\/|$)/g, "/{id}")
              .replace(/\/[0-9a-f-]{36}(?=\/|$)/g, "/{id}")}`,
        );
    },
    clearRequests: () => control("DELETE", "requests"),
    reset: () => control("POST", "reset"),
    selectelExpireTokens: () => control("POST", "services/selectel-identity/expire-tokens", {}),
    fault: (rule: Record<string, unknown>) => control("POST", "faults", rule),
    clearFaults: () => control("DELETE", "faults"),
    state: () => control("GET", "state"),
    clock: (body: Record<string, unknown>) => control("POST", "clock", body),
    control,
  };
}

export type Sim = Awaited<ReturnType<typeof startSim>>;
