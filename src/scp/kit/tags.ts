// The owner's mark read back from the object itself (issue 15 item 9). Every SCP create body that
// carries `tags` also carries `pulumi-dbaas-owner` = the owner key (engine.ts); the DBaaS reads
// (Show/List Cluster) never return tags: they live in the Resource Manager service, addressed by the
// object's SRN. Sources and shapes: docs/scp-tags.md.
//
//   srn    = base64("srn:{env}::{accountId}:{region}::{service}:{resourceType}/{id}")
//   GET https://resourcemanager.{region}.{env}.samsungsdscloud.com/v1/tags/{srn}
//     → 200 {content: {srn, tags: [{key, value|null}]}, count, page, size, sort}
//   PUT …/v1/tags/{srn}/{key} {value} → 200 {content: {<srn>: tags}}   (moves the mark at a handover)
//
// The account is the cluster's own (`account_id` of Show Cluster: `scp:accountId` may be unset, the
// signature does not need it); region and environment are the ones whose endpoint holds the cluster.

import type { Context } from "../../core/resource";
import { ScpClient, scpSettings, type ScpSettings } from "../client";
import type { ScpService } from "../consts";
import { ResourceTags, TagBaseResponse, TagValue } from "../schemas";
import { clientFor, getCluster, type ScpEngine } from "./cluster";
import { callEndpoint, endpointTable } from "./endpoints";
import { OWNER_TAG } from "./rows";

/** Resource Manager rows (service `resourcemanager`, signed like every SCP call). */
export const tagEndpoints = endpointTable({
  "GET /v1/tags/{srn}": { response: ResourceTags },
  "PUT /v1/tags/{srn}/{key}": { request: TagValue, response: TagBaseResponse },
});

/** SRN service and resource type per engine (P2 service/<engine>/cluster.go, `tag.GetTags(clients, service, type, id)`). */
export const SRN_TYPES: Record<ScpService, { service: string; type: string }> = {
  postgresql: { service: "postgresql", type: "postgresql" },
  cachestore: { service: "cachestore", type: "cache-store" },
  eventstreams: { service: "eventstreams", type: "event-streams" },
};

/** The base64 SRN of one cluster (P2 common/tag/tag.go `GetSRN`: standard base64 with padding). */
export function clusterSrn(s: Pick<ScpSettings, "environment" | "region">, accountId: string, service: ScpService, id: string): string {
  const { service: svc, type } = SRN_TYPES[service];
  return Buffer.from(`srn:${s.environment}::${accountId}:${s.region}::${svc}:${type}/${id}`, "utf8").toString("base64");
}

/** One page is read: an object carries a few tags; an owner tag beyond the page counts as unreadable, never as absent. */
const TAG_PAGE = 100;

/** The cluster's SRN, from its own account (Show Cluster). */
async function srnOf(ctx: Context, engine: ScpEngine<any>, id: string): Promise<string> {
  const cluster = (await getCluster(clientFor(ctx, engine), engine, id)) as { account_id?: string };
  if (!cluster.account_id) throw new Error(`Show Cluster of ${id} names no account_id, so its SRN cannot be formed`);
  return clusterSrn(scpSettings(ctx), cluster.account_id, engine.service, id);
}

/**
 * Moves the owner's mark to `owner` (an adoption that takes a cluster over from another resource):
 * from then on the object itself says which resource manages it, and the one it came from refuses
 * to change or delete it (engine.ts `assertStillOurs`).
 */
export async function writeOwnerTag(ctx: Context, engine: ScpEngine<any>, id: string, owner: string): Promise<void> {
  const srn = await srnOf(ctx, engine, id);
  await callEndpoint(ScpClient.for(ctx, "resourcemanager"), tagEndpoints, "PUT /v1/tags/{srn}/{key}", {
    params: { srn, key: OWNER_TAG },
    body: { value: owner },
  });
}

/** The owner key the cluster's `pulumi-dbaas-owner` tag names (undefined: none), and whether any tag shows yet. */
export async function readOwnerTag(ctx: Context, engine: ScpEngine<any>, id: string): Promise<{ owner?: string; marked: boolean }> {
  const srn = await srnOf(ctx, engine, id);
  const answer = await callEndpoint(ScpClient.for(ctx, "resourcemanager"), tagEndpoints, "GET /v1/tags/{srn}", {
    params: { srn },
    query: { size: TAG_PAGE, page: 0 },
  });
  const tags = answer.content.tags;
  const owner = tags.find((t) => t.key === OWNER_TAG);
  if (!owner && answer.count > tags.length)
    throw new Error(`the Resource Manager holds ${answer.count} tags for ${id}, more than one page of ${TAG_PAGE}`);
  return { owner: owner ? (owner.value ?? "") : undefined, marked: tags.length > 0 };
}
