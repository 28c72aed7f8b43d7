/**
 * Selectel Managed Databases and its Keystone identity endpoint:
 *
 * - `selectel-identity` at `/selectel/identity` (stands for `https://cloud.api.selcloud.ru/identity`);
 * - `selectel-dbaas` at `/selectel/dbaas/<region>` (stands for `https://<region>.dbaas.selcloud.ru`).
 *
 * Credentials default to `sim-user` / `sim-password`, account `sim-account`, project
 * `0123456789abcdef0123456789abcdef`; env `DBAAS_SIM_SELECTEL_{USER,PASSWORD,ACCOUNT,PROJECT}` and
 * `DBAAS_SIM_SELECTEL_TOKEN_TTL` (seconds, default 3600) override them. Further projects of the
 * user (`projects`, env `DBAAS_SIM_SELECTEL_EXTRA_PROJECTS`, comma-separated) each hold their own objects.
 */
import type { SimClock } from "../clock";
import { SelectelDbaasService } from "./dbaas";
import { IdentityState, SelectelIdentityService, type SelectelCredentials } from "./identity";

export { SELECTEL_DBAAS_PREFIX, SELECTEL_IDENTITY_PREFIX, type SelectelCredentials } from "./identity";
export { SELECTEL_REGIONS, DBAAS_SERVICE_TYPE } from "./catalog";

export const DEFAULT_SELECTEL_CREDENTIALS: SelectelCredentials = {
  user: "sim-user",
  password: "sim-password",
  account: "sim-account",
  project: "0123456789abcdef0123456789abcdef",
};

export interface SelectelOptions extends Partial<SelectelCredentials> {
  /** Token lifetime in seconds (default 3600). */
  tokenTtlSeconds?: number;
}

export function selectelCredentialsFromEnv(opts: SelectelOptions = {}, env: NodeJS.ProcessEnv = process.env): SelectelCredentials {
  const d = DEFAULT_SELECTEL_CREDENTIALS;
  return {
    user: opts.user ?? env.DBAAS_SIM_SELECTEL_USER ?? d.user,
    password: opts.password ?? env.DBAAS_SIM_SELECTEL_PASSWORD ?? d.password,
    account: opts.account ?? env.DBAAS_SIM_SELECTEL_ACCOUNT ?? d.account,
    project: opts.project ?? env.DBAAS_SIM_SELECTEL_PROJECT ?? d.project,
    projects:
      opts.projects ??
      (env.DBAAS_SIM_SELECTEL_EXTRA_PROJECTS
        ? env.DBAAS_SIM_SELECTEL_EXTRA_PROJECTS.split(",")
            .map((p) => p.trim())
            .filter(Boolean)
        : []),
  };
}

export function createSelectelServices(
  clock: SimClock,
  opts: SelectelOptions = {},
): { identity: SelectelIdentityService; dbaas: SelectelDbaasService; credentials: SelectelCredentials } {
  const credentials = selectelCredentialsFromEnv(opts);
  const envTtl = Number(process.env.DBAAS_SIM_SELECTEL_TOKEN_TTL);
  const ttlSeconds = opts.tokenTtlSeconds ?? (Number.isFinite(envTtl) && envTtl > 0 ? envTtl : 3600);
  const identityState = new IdentityState(clock, () => credentials, ttlSeconds * 1000);
  return {
    identity: new SelectelIdentityService(identityState),
    dbaas: new SelectelDbaasService(clock, identityState),
    credentials,
  };
}
