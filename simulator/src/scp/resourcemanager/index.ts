/**
 * The simulated SCP Resource Manager, mounted at `/scp/resourcemanager` (stands for
 * `https://resourcemanager.<region>.<env>.samsungsdscloud.com`): the tag read and write the package
 * uses, `GET /v1/tags/{srn}` and `PUT /v1/tags/{srn}/{key}`, over the clusters of the three DBaaS engines (./tags.ts). The same
 * gateway as every SCP service (signature, `Scp-Api-Version: resourcemanager 1.0`, error envelope).
 */
import type { SimClock } from "../../clock";
import { ScpService } from "../gateway";
import type { KitCluster } from "../kit/model";
import type { ScpCredentials } from "../signature";
import { listResourceTags, updateResourceTagValue } from "./tags";

export const SCP_RESOURCEMANAGER_PREFIX = "/scp/resourcemanager";

export function createScpResourceManagerService(
  clock: SimClock,
  credentials: () => readonly ScpCredentials[],
  engines: Record<string, { clusters: ReadonlyMap<string, KitCluster> }>,
): ScpService {
  // A key sees its own account's clusters only.
  const finder = (account: string) => (engine: string, id: string) => {
    const c = engines[engine]?.clusters.get(id);
    return c?.account_id === account ? c : undefined;
  };
  return new ScpService({
    name: "scp-resourcemanager",
    prefix: SCP_RESOURCEMANAGER_PREFIX,
    product: "resourcemanager",
    // The official provider allows v1.0 (P2 client/client.go).
    versions: [{ version: "1.0", status: "CURRENT", notBefore: "2025-02-27" }],
    routes: [
      {
        method: "GET",
        path: "/v1/tags/{srn}",
        handler: (call) => listResourceTags(call.params.srn, call.req.query, clock, finder(call.account)),
      },
      {
        method: "PUT",
        path: "/v1/tags/{srn}/{key}",
        handler: (call) => updateResourceTagValue(call.params.srn, call.params.key, call.json(), finder(call.account)),
      },
    ],
    credentials,
    clock,
    // Tags live with the clusters (the engines' state): nothing of its own to reset or dump.
    reset: () => {},
    dump: () => ({ tagsOf: Object.keys(engines) }),
  });
}
