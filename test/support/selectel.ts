// Stack config that points a program at the simulator's Selectel identity and DBaaS endpoints, and
// the environment that points the in-process runtime at them.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PulumiProject } from "./pulumi";
import { SELECTEL, type Sim } from "./sim";

export async function configureSelectel(p: PulumiProject, s: Sim) {
  await p.config("selectel:username", SELECTEL.username);
  await p.config("selectel:password", SELECTEL.password, { secret: true });
  await p.config("selectel:accountId", SELECTEL.accountId);
  await p.config("selectel:projectId", SELECTEL.projectId);
  await p.config("selectel:region", "ru-7");
  await p.config("selectel:authUrl", s.selectelAuthUrl);
  await p.config("selectel:endpoint", s.selectelEndpoint);
}

/**
 * In-process tests call the runtime directly: Selectel credentials and endpoints come from the
 * environment, waits poll briskly, and the create journal lives in a fresh directory.
 */
export function pointRuntimeAtSelectel(s: Sim, journalLabel: string): void {
  Object.assign(process.env, {
    SELECTEL_USERNAME: SELECTEL.username,
    SELECTEL_PASSWORD: SELECTEL.password,
    SELECTEL_ACCOUNT_ID: SELECTEL.accountId,
    SELECTEL_PROJECT_ID: SELECTEL.projectId,
    SELECTEL_REGION: "ru-7",
    SELECTEL_AUTH_URL: s.selectelAuthUrl,
    SELECTEL_DBAAS_ENDPOINT: s.selectelEndpoint,
    DBAAS_WAIT_MIN_INTERVAL_MS: "20",
    DBAAS_WAIT_MAX_INTERVAL_MS: "100",
    DBAAS_CACHE_DIR: mkdtempSync(join(tmpdir(), `${journalLabel}-`)),
  });
}
