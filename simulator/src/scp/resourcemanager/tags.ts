/**
 * The Resource Manager's view of resource tags, for the clusters the DBaaS engines hold. Written
 * from the official SDK's openapi (S2 library/resourcemanager/api/openapi.yaml @ 115bda6,
 * `listResourceTags`, `TagShowListResponse`) and the official provider's SRN (P2 @ 765b7b0,
 * common/tag/tag.go `GetSRN`); sources in docs/scp-tags.md.
 *
 * - `srn` (path) is standard base64 of `srn:{env}::{accountId}:{region}::{service}:{resourceType}/{id}`.
 *   Not canonical base64, or a decoded value not of that form, or a service/type pair the
 *   simulator does not hold → `400 INVALID_REQUEST` (`loc` `["path","srn"]`).
 * - A well-formed SRN that names no cluster held here (another environment, account or region, an
 *   unknown or deleted id) → `404 NOT_FOUND` in the SCP envelope. The openapi lists 404 without a
 *   body shape; the envelope is the one every SCP service uses.
 * - Tags become visible {@link TAGS_VISIBLE_AFTER_MS} after the cluster's `created_at`: until then
 *   the answer is 200 with no tags, as the real service answers right after a create (the official
 *   provider polls 3 s × 100 until tags show).
 * - `PUT /v1/tags/{srn}/{key}` (`updateResourceTagValue`, S2 @ 7fcf696
 *   docs/ResourcemanagerV1TagsAPIsAPI.md): body `TagValue` `{value: string}` (required) sets the
 *   tag, adding it when absent; 200 `TagBaseResponse` `{content: {<srn>: Tag[]}}`, the object's
 *   tags after the change. Same SRN and not-found rules as the read.
 */
import { ScpNotFoundError, ScpValidationError } from "../errors";
import { queryInt } from "../kit/schemas";
import type { KitCluster } from "../kit/model";
import type { SimClock } from "../../clock";
import type { ServiceResponse } from "../../service";

/** The environment the simulator stands for (reference §1.3: `e`, the default of clients). */
export const SIM_ENVIRONMENT = "e";
export const TAGS_VISIBLE_AFTER_MS = 2_000;

/** SRN service:type → the engine that holds such clusters (P2 service/<engine>/cluster.go). */
export const SRN_SERVICES: Record<string, string> = {
  "postgresql:postgresql": "postgresql",
  "cachestore:cache-store": "cachestore",
  "eventstreams:event-streams": "eventstreams",
};

const SRN = /^srn:([a-z0-9]+)::([^:/]+):([a-z0-9-]+)::([a-z-]+):([a-z-]+)\/([^/]+)$/;

export interface ParsedSrn {
  text: string;
  environment: string;
  accountId: string;
  region: string;
  engine: string;
  id: string;
}

export function parseSrn(encoded: string): ParsedSrn {
  const bad = (detail: string) => ScpValidationError.field(["path", "srn"], detail);
  const text = Buffer.from(encoded, "base64").toString("utf8");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || Buffer.from(text, "utf8").toString("base64") !== encoded) {
    throw bad("must be the base64 encoding of an SRN");
  }
  const m = SRN.exec(text);
  if (!m) throw bad(`${JSON.stringify(text)} is not an SRN (srn:{env}::{accountId}:{region}::{service}:{resourceType}/{id})`);
  const engine = SRN_SERVICES[`${m[4]}:${m[5]}`];
  if (!engine) throw bad(`unknown service and resource type ${m[4]}:${m[5]}`);
  return { text, environment: m[1], accountId: m[2], region: m[3], engine, id: m[6] };
}

/** The cluster an SRN names, under the read's rules (environment, account and region must match). */
function clusterOf(srn: ParsedSrn, find: (engine: string, id: string) => KitCluster | undefined): KitCluster {
  const c = find(srn.engine, srn.id);
  if (!c || srn.environment !== SIM_ENVIRONMENT || srn.accountId !== c.account_id || srn.region !== c.region) {
    throw new ScpNotFoundError("resource", srn.text);
  }
  return c;
}

/** `PUT /v1/tags/{srn}/{key}`: `TagValue` in, `TagBaseResponse` out. */
export function updateResourceTagValue(
  encoded: string,
  key: string,
  body: unknown,
  find: (engine: string, id: string) => KitCluster | undefined,
): ServiceResponse {
  const srn = parseSrn(encoded);
  if (key.length === 0) throw ScpValidationError.field(["path", "key"], "must not be empty");
  const value = (body as { value?: unknown } | null)?.value;
  if (typeof value !== "string") throw ScpValidationError.field(["body", "value"], "is required and must be a string");
  const c = clusterOf(srn, find);
  const tag = c.tags.find((t) => t.key === key);
  if (tag) tag.value = value;
  else c.tags.push({ key, value });
  return { status: 200, body: { content: { [srn.text]: c.tags.map((t) => ({ key: t.key, value: t.value ?? null })) } } };
}

/** `GET /v1/tags/{srn}`: `TagShowListResponse`. `find` looks a cluster up in the named engine's state (all regions). */
export function listResourceTags(
  encoded: string,
  query: URLSearchParams,
  clock: SimClock,
  find: (engine: string, id: string) => KitCluster | undefined,
): ServiceResponse {
  const srn = parseSrn(encoded);
  const size = queryInt(query, "size", 20)!;
  const page = queryInt(query, "page", 0)!;
  const c = clusterOf(srn, find);
  const visible = clock.now() >= Date.parse(`${c.created_at}Z`) + TAGS_VISIBLE_AFTER_MS;
  const all = visible ? c.tags.map((t) => ({ key: t.key, value: t.value ?? null })) : [];
  const tags = size === 0 ? all : all.slice(page * size, (page + 1) * size);
  return { status: 200, body: { content: { srn: srn.text, tags }, count: all.length, page, size, sort: [] } };
}
