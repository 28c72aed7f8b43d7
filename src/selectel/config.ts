// Datastore `config`: values are kept as canonical strings (so "128", 128 and 128.0 never diff) and
// typed by the `/configuration-parameters` catalogue when sent. Every value is checked against the
// catalogue of the datastore's type before the first mutating call, so a parameter of another
// engine or an out-of-range value never reaches the API half way through a create or an update.

import { cachedCatalog } from "../core/catalog-cache";
import { InputError } from "../core/errors";
import type { SelectelClient } from "./client";
import { callSelectel } from "./endpoints";
import type { ConfigurationParameter } from "./schemas";

export function canonical(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  const s = String(v);
  return /^-?\d+(\.\d+)?$/.test(s) ? String(Number(s)) : s;
}

/**
 * The parameters of one datastore type. Filtered here by `datastore_type_id` even though the query
 * asks the API to: a deployment may ignore the filter and answer every type's parameters (the
 * Terraform data source filters the same way), and a PostgreSQL `work_mem` must never pass for Kafka.
 */
export function parametersOf(api: SelectelClient, typeId: string, fresh = false): Promise<ConfigurationParameter[]> {
  // Cached per provider process for a bounded time (core/catalog-cache.ts): every mutation and
  // every cluster of an `up` checks against one answer per datastore type.
  return cachedCatalog(
    `${api.accountKey}|GET /configuration-parameters|${typeId}`,
    async () =>
      (await callSelectel(api.http, "GET /configuration-parameters", { query: { datastore_type_id: typeId } }))[
        "configuration-parameters"
      ].filter((p) => p.datastore_type_id === typeId),
    { fresh },
  );
}

const sameValue = (a: unknown, b: string) => canonical(a) === b;

/** The value to send for one parameter, or an InputError naming `config.<name>` and what is allowed. */
function typedValue(p: ConfigurationParameter, value: string | null): unknown {
  const bad = (why: string) => new InputError(`config.${p.name}`, why);
  if (p.is_changeable === false) throw bad("cannot be changed on this datastore type");
  if (value === null) return null;
  let typed: unknown;
  switch (p.type) {
    case "int":
      if (!/^-?\d+$/.test(value)) throw bad(`must be an integer, got ${JSON.stringify(value)}`);
      typed = parseInt(value, 10);
      break;
    case "float":
      if (!Number.isFinite(Number(value)) || value.trim() === "") throw bad(`must be a number, got ${JSON.stringify(value)}`);
      typed = Number(value);
      break;
    case "bool":
    case "boolean":
      if (value !== "true" && value !== "false") throw bad(`must be true or false, got ${JSON.stringify(value)}`);
      typed = value === "true";
      break;
    default:
      typed = value;
      if (value === "" && p.can_be_empty === false) throw bad("must not be empty");
  }
  if (typeof typed === "number") {
    if (p.min !== null && p.min !== undefined && typed < p.min) throw bad(`must be at least ${p.min}, got ${typed}`);
    if (p.max !== null && p.max !== undefined && typed > p.max) throw bad(`must be at most ${p.max}, got ${typed}`);
  }
  if (p.choices && p.choices.length > 0 && value !== "") {
    const parts = p.is_multiple_choice_available ? value.split(",") : [value];
    const wrong = parts.find((part) => !p.choices!.some((c) => sameValue(c, part)));
    if (wrong !== undefined) throw bad(`${JSON.stringify(wrong)} is not one of ${p.choices.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  if (p.invalid_values?.some((iv) => sameValue(iv, value))) throw bad(`${JSON.stringify(value)} is not allowed`);
  return typed;
}

/** Checks every entry against the type's catalogue and types it for sending (int, float, bool, str). */
export async function typedConfig(
  api: SelectelClient,
  typeId: string,
  config: Record<string, string | null>,
): Promise<Record<string, unknown>> {
  if (Object.keys(config).length === 0) return {};
  let params = await parametersOf(api, typeId);
  // A name missing from a cached answer is asked again before it is refused.
  if (Object.keys(config).some((name) => !params.some((x) => x.name === name))) params = await parametersOf(api, typeId, true);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    const p = params.find((x) => x.name === name);
    if (!p) {
      const known = params.map((x) => x.name);
      throw new InputError(
        `config.${name}`,
        `is not a configuration parameter of this datastore type; known: ` +
          `${known.slice(0, 20).join(", ") || "none"}${known.length > 20 ? ", …" : ""}`,
      );
    }
    out[name] = typedValue(p, value);
  }
  return out;
}
