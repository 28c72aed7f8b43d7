// Stack config that points a program at the simulator's Selectel identity and DBaaS endpoints.
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
