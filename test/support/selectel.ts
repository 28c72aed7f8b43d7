// Stack config that points a program at the simulator's Selectel identity and DBaaS endpoints, and
// the environment that points the in-process runtime at them.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PulumiProject } from "./pulumi";
import { SELECTEL, type Sim } from "./sim";

export async function configureSelectel(p: PulumiProject, s: Sim) {
  await p.configAll(
    {
      "selectel:username": SELECTEL.username,
      "selectel:accountId": SELECTEL.accountId,
      "selectel:projectId": SELECTEL.projectId,
      "selectel:region": "ru-7",
      "selectel:authUrl": s.selectelAuthUrl,
      "selectel:endpoint": s.selectelEndpoint,
    },
    { "selectel:password": SELECTEL.password },
  );
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
