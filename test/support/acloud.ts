// Stack config that points a program at the simulator's Avisi Cloud API (the token as a secret).
import type { PulumiProject } from "./pulumi";
import { ACLOUD, type Sim } from "./sim";

export async function configureAcloud(p: PulumiProject, sim: Sim) {
  await p.configAll(
    { "acloud:endpoint": sim.acloudEndpoint, "acloud:organisation": ACLOUD.organisation },
    { "acloud:token": ACLOUD.token },
  );
}
