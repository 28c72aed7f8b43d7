// Catalogue facts checked before the first mutating call of a create or an update (issue 6 §5):
// engine versions, server types and engine parameters (names, value types, allowed values), as
// the API publishes them. A bad input is refused with an InputError naming the property, before
// anything changes in the cloud.

import { lookUpCatalog } from "../core/catalog-cache";
import { InputError } from "../core/errors";
import type { ScpClient } from "./client";
import { callEndpoint, clusterEndpoints, parameterEndpoints } from "./kit/endpoints";
import type { ClusterParameters, EngineVersions } from "./schemas";

type EngineVersion = EngineVersions["contents"][number];

/** Which rows of a service's engine-version list are the engine's own, and its name in messages. */
export interface Product {
  label: string;
  imageType: RegExp;
}
export const POSTGRESQL: Product = { label: "PostgreSQL", imageType: /postgres/i };

/** The offered (not end-of-service) version `version` of the product; refused with the list otherwise. */
export async function resolveEngineVersion(api: ScpClient, version: string, product: Product = POSTGRESQL): Promise<EngineVersion> {
  const offered = (list: EngineVersions) =>
    list.contents.filter((v) => product.imageType.test(v.product_image_type || v.name) && !v.end_of_service);
  // Cached per provider process (core/catalog-cache.ts): one look-up serves every cluster of an `up`.
  const { found: match, answer } = await lookUpCatalog(
    `${api.accountKey}|GET /v1/engine-versions`,
    () => callEndpoint(api, clusterEndpoints, "GET /v1/engine-versions"),
    (list) => offered(list).find((v) => v.software_version === version),
  );
  const candidates = offered(answer);
  if (!match) {
    throw new InputError(
      "engineVersion",
      `${product.label} ${version} is not offered; available: ${candidates.map((v) => v.software_version).join(", ") || "none"}`,
    );
  }
  return match;
}

/**
 * The server type (flavor) must be one the API lists. The full list is read (the name filter's
 * matching rules are not documented) and cached per provider process; it also names the choices.
 */
export async function assertServerType(api: ScpClient, name: string): Promise<void> {
  const { found, answer } = await lookUpCatalog(
    `${api.accountKey}|GET /v1/server-types`,
    () => callEndpoint(api, clusterEndpoints, "GET /v1/server-types"),
    (all) => all.contents.find((s) => s.name === name),
  );
  if (!found) {
    throw new InputError(
      "serverType",
      `${name} is not an SCP server type; available: ${answer.contents.map((s) => s.name).join(", ") || "none"}`,
    );
  }
}

/**
 * Before a create: the parameters of the engine's default parameter group. The catalogue at this
 * point (`GET /v1/parameters`) carries names and default values, no types, so the kind of value is
 * taken from the default (`valueLike`): a number where the default is a number, on/off where it is
 * a switch. The cluster's own typed list checks again, with ranges, before the first `PUT`.
 */
export async function assertParametersBeforeCreate(
  api: ScpClient,
  engine: EngineVersion,
  desired: Record<string, string>,
  log: (line: string) => void,
  product: Product = POSTGRESQL,
): Promise<void> {
  const names = Object.keys(desired);
  if (names.length === 0) return;
  const major = engine.major_version || engine.software_version.split(".")[0];
  const image = engine.product_image_type || undefined;
  // The default group's parameters are a catalogue: cached per provider process, asked again
  // before a name is refused (core/catalog-cache.ts).
  const { answer } = await lookUpCatalog(
    `${api.accountKey}|GET /v1/parameters|${major}|${image ?? ""}`,
    () => defaultGroupParameters(api, major, image),
    (a) => (a.group && names.every((n) => a.known.has(n)) ? a : undefined),
  );
  const { group, known } = answer;
  if (!group) {
    log(`scp: no parameter group is published for ${product.label} ${engine.software_version}; parameter names are checked after creation`);
    return;
  }
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new InputError(
      `parameters.${unknown[0]}`,
      `is not a parameter of ${product.label} ${engine.software_version} (${group.name}); unknown: ${unknown.join(", ")}`,
    );
  }
  for (const [name, value] of Object.entries(desired)) {
    const bad = valueLike(known.get(name) ?? "", value);
    if (bad) throw new InputError(`parameters.${name}`, `${JSON.stringify(value)} ${bad}`);
  }
}

/** The engine's default parameter group and its parameters' default values (every page). */
async function defaultGroupParameters(api: ScpClient, major: string, image: string | undefined) {
  const groups = await callEndpoint(api, parameterEndpoints, "GET /v1/parameter-groups", {
    query: { major_version: major, product_image_type: image },
  });
  const group = groups.contents[0] as { id: string; name: string } | undefined;
  const known = new Map<string, string>();
  if (!group) return { group, known };
  const size = 100;
  for (let page = 0, seen = 0; ; page++) {
    const r = await callEndpoint(api, parameterEndpoints, "GET /v1/parameters", {
      query: { dbaas_parameter_group_id: group.id, size, page },
    });
    for (const p of r.contents) known.set(p.name, String(p.default_value ?? ""));
    seen += r.contents.length;
    // Counting what was served (not what is new) ends the loop even if `page` were ignored.
    if (r.contents.length < size || seen >= r.count) break;
  }
  return { group, known };
}

/** Units a numeric engine setting may carry (PostgreSQL memory and time units). */
const UNIT = "(?:B|kB|KB|MB|GB|TB|us|ms|s|min|h|d)?";
const SWITCHES = ["on", "off", "true", "false", "yes", "no", "1", "0"];

/**
 * A value of the same kind as the parameter's default: a whole number (with an optional unit)
 * where the default is one, a number where it is a decimal, a switch where it is on/off. Any other
 * default (text, lists, an empty string) says nothing about the type, and nothing is refused.
 */
export function valueLike(defaultValue: string, value: string): string | undefined {
  const d = defaultValue.trim();
  const v = value.trim();
  if (/^-?\d+$/.test(d) && !new RegExp(`^-?\\d+\\s*${UNIT}$`).test(v)) return `is not a whole number (the default is ${d})`;
  if (/^-?\d*\.\d+$/.test(d) && !/^-?\d+(\.\d+)?$/.test(v)) return `is not a number (the default is ${d})`;
  if (SWITCHES.slice(0, 6).includes(d.toLowerCase()) && !SWITCHES.includes(v.toLowerCase()))
    return `is not on or off (the default is ${d})`;
  return undefined;
}

export type ClusterParameter = ClusterParameters["contents"][number];

/** The cluster's parameter list: names, ids, applied values and the type rules for new values. */
export async function clusterParameters(api: ScpClient, id: string): Promise<ClusterParameter[]> {
  return (await callEndpoint(api, parameterEndpoints, "GET /v1/clusters/{cluster_id}/parameters", { params: { cluster_id: id } })).contents;
}

/** Every desired value must name a modifiable parameter of this cluster and fit its type. */
export function assertParameterValues(all: ClusterParameter[], desired: Record<string, string>): void {
  for (const [name, value] of Object.entries(desired)) {
    const p = all.find((x) => x.name === name);
    if (!p) throw new InputError(`parameters.${name}`, "is not a parameter of this cluster");
    if (p.applied_value === value) continue;
    if (p.is_modifiable === false || p.is_modifiable === "false")
      throw new InputError(`parameters.${name}`, "is managed by the service and cannot be changed");
    const bad = valueProblem(p.data_type, p.allows_value, value);
    if (bad) throw new InputError(`parameters.${name}`, `${JSON.stringify(value)} ${bad}`);
  }
}

/**
 * `data_type` and `allows_value` as the API lists them: a range `min-max` for numbers, a
 * comma-separated list of choices for enums and booleans. A type this code does not know is not
 * guessed at: the API then decides.
 */
export function valueProblem(dataType: string, allows: string, value: string): string | undefined {
  const type = dataType.toLowerCase();
  const range = /^\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*$/.exec(allows);
  const inRange = (n: number) => !range || (n >= Number(range[1]) && n <= Number(range[2]));
  if (type === "integer" || type === "int") {
    if (!/^-?\d+$/.test(value)) return "is not an integer";
    return inRange(Number(value)) ? undefined : `is outside ${range![1]}..${range![2]}`;
  }
  if (type === "float" || type === "real" || type === "numeric") {
    if (!/^-?\d+(\.\d+)?$/.test(value)) return "is not a number";
    return inRange(Number(value)) ? undefined : `is outside ${range![1]}..${range![2]}`;
  }
  if (type === "enum" || type === "boolean" || type === "bool") {
    const choices = allows
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    if (choices.length > 0 && !choices.includes(value)) return `is not one of ${choices.join(", ")}`;
  }
  return undefined;
}

/**
 * The applied values of the named settings the program manages (parameters, Redis commands), from
 * a list the API serves; the list is read only when the program manages any.
 */
export async function readApplied(
  list: () => Promise<{ name: string; applied_value: string }[]>,
  keys: string[],
): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const all = await list();
  const out: Record<string, string> = {};
  for (const k of keys) {
    const p = all.find((x) => x.name === k);
    if (p) out[k] = p.applied_value;
  }
  return out;
}

/** The values of the parameters the program manages. */
export const readParameters = (api: ScpClient, id: string, keys: string[]) => readApplied(() => clusterParameters(api, id), keys);

/** The inputs the catalogue rules read (every SCP cluster engine has some of them). */
interface CatalogInputs {
  serverType?: string;
  engineVersion?: string;
  parameters?: Record<string, string>;
  restoreFrom?: unknown;
}

/**
 * `check`'s catalogue rules for an SCP cluster (core/resource.ts `checkCatalog`): the rules `up`
 * applies before its first POST or PUT, on the values that differ from the recorded inputs (all of
 * them for a create). Parameters are checked against the engine's default group (names and kinds
 * of value); the cluster's own typed list checks their ranges again before the first PUT.
 */
export async function checkCatalogInputs(
  api: ScpClient,
  news: CatalogInputs,
  olds: CatalogInputs,
  product: Product,
  log: (line: string) => void,
): Promise<void> {
  const changed = (k: keyof CatalogInputs) => news[k] !== undefined && JSON.stringify(news[k]) !== JSON.stringify(olds[k]);
  if (changed("serverType")) await assertServerType(api, news.serverType!);
  // A restore takes its version from the backup (the create body has none to check).
  if (news.restoreFrom || !news.engineVersion) return;
  let version = changed("engineVersion") ? await resolveEngineVersion(api, news.engineVersion, product) : undefined;
  const params = Object.fromEntries(Object.entries(news.parameters ?? {}).filter(([k, v]) => olds.parameters?.[k] !== v));
  if (Object.keys(params).length === 0) return;
  // A version retired since the cluster was made still runs: its parameters are checked before the PUT.
  version ??= await resolveEngineVersion(api, news.engineVersion, product).catch(() => undefined);
  if (version) await assertParametersBeforeCreate(api, version, params, log, product);
}
