// Renders a resource's "property → endpoint" table from its field table, so the README cannot
// drift from the code (a unit test compares them). A kind with variants (scp:Cluster by engine) has
// one table per variant.
import type { ResourceDefinition } from "./resource";

export function renderFieldTable(def: ResourceDefinition<any, any>): string {
  if (def.variants) throw new Error(`${def.kind} has one table per ${def.variants.key}: use renderFieldTables`);
  const endpoints = new Map(def.mutations.map((m) => [m.name, m.endpoint]));
  const rows = def.fields.map((f) => {
    const a = f.apply;
    let onChange: string;
    let endpoint = "—";
    if ("ignore" in a) onChange = "not diffed";
    else if ("mutation" in a) {
      onChange = "in place";
      endpoint = endpoints.get(a.mutation) ?? "?";
    } else if (a.when && a.otherwise) {
      onChange = "in place, or replace";
      endpoint = endpoints.get(a.otherwise) ?? "?";
    } else onChange = "replace";
    return `| \`${f.key}\` | ${onChange} | ${endpoint.split("; ").map((e) => `\`${e}\``).join(", ").replace("`—`", "—")} | ${f.doc ?? ""} |`;
  });
  return ["| property | on change | endpoint | notes |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** Every table of a kind: one, or one per variant (titled `engine "cachestore"`). */
export function renderFieldTables(def: ResourceDefinition<any, any>): { title: string; table: string }[] {
  if (!def.variants) return [{ title: def.kind, table: renderFieldTable(def) }];
  const key = def.variants.key;
  return Object.entries(def.variants.of).map(([name, variant]) => ({ title: `${def.kind} (${key} "${name}")`, table: renderFieldTable(variant) }));
}
