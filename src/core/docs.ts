// Renders a resource's "property → endpoint" table from its field table, so the reference pages
// (docs/resources/) cannot drift from the code (a unit test compares them; `npm run docs` rewrites
// them). A kind with variants (scp:Cluster by engine) has one table per variant.
import { REGISTRY } from "../registry";
import type { ResourceDefinition } from "./resource";
import { allowed, TUNING, type Tunable } from "./tuning";

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
    return `| \`${f.key}\` | ${onChange} | ${endpoint
      .split("; ")
      .map((e) => `\`${e}\``)
      .join(", ")
      .replace("`—`", "—")} | ${f.doc ?? ""} |`;
  });
  return ["| property | on change | endpoint | notes |", "| --- | --- | --- | --- |", ...rows, ACCOUNT_ROW].join("\n");
}

/** Every kind takes an `account` (src/account.ts): handled by the runtime, not by a field table. */
const ACCOUNT_ROW =
  '| `account` | recorded (no call), or replace | — | The account, project or organisation of this resource instead of stack config (README "Several accounts"); secret. New credentials for the same place are only recorded; another account, project or region replaces. |';

/** Every table of a kind: one, or one per variant (titled `engine "cachestore"`). */
export function renderFieldTables(def: ResourceDefinition<any, any>): { title: string; table: string }[] {
  if (!def.variants) return [{ title: def.kind, table: renderFieldTable(def) }];
  const key = def.variants.key;
  return Object.entries(def.variants.of).map(([name, variant]) => ({
    title: `${def.kind} (${key} "${name}")`,
    table: renderFieldTable(variant),
  }));
}

/** The reference page of each kind, where its tables live (relative to the repository root): its line in src/registry.ts. */
export const REFERENCE_PAGES: Readonly<Record<string, string>> = Object.fromEntries(REGISTRY.map((r) => [r.definition.kind, r.page]));

/** The page that holds the tuning variables' table. */
export const TUNING_PAGE = "docs/waits.md";

/**
 * The comment in front of a generated table: `npm run docs` replaces the table after it, and the
 * test reads the table there, so a hand edit of a generated table is caught.
 */
export const tableMarker = (title: string): string => `<!-- generated: ${title} (npm run docs) -->`;

/** `page` with the table after `marker` replaced by `table`; undefined when the page has no such marker. */
export function withTable(page: string, marker: string, table: string): string | undefined {
  const at = page.indexOf(`${marker}\n`);
  if (at < 0) return undefined;
  const start = at + marker.length + 1;
  const rest = page.slice(start);
  const end = rest.search(/\n(?!\|)/);
  return page.slice(0, start) + table + (end < 0 ? "\n" : rest.slice(end));
}

/** The tuning variables' table, from the one table the readers and `check` use (core/tuning.ts). */
export function renderTuningTable(): string {
  const rows = Object.entries(TUNING).map(([name, t]: [string, Tunable]) => `| \`${name}\` | ${t.dflt} | ${allowed(t)} | ${t.doc} |`);
  return ["| variable | default | allowed | what it tunes |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

// ---- doc comments ----------------------------------------------------------------------------
// The doc comment of every input in the public classes states how a change is applied, the
// default and whether it is stored as a secret, in the exact words below: `npm run kinds` writes
// them into the generated classes (src/gen/doc.ts) from the field table and the schema, so a hover
// can never say "in place" for a property that replaces.

/** The endpoints of the mutation a row names, as the reference tables show them. */
function endpointsOf(def: ResourceDefinition<any, any>, mutation: string | undefined): string {
  const endpoint = def.mutations.find((m) => m.name === mutation)?.endpoint ?? "?";
  return endpoint
    .split("; ")
    .map((e) => `\`${e}\``)
    .join(", ");
}

/** How a change of `key` is applied, as one sentence; undefined when the kind has no such row. */
export function changeNote(def: ResourceDefinition<any, any>, key: string): string | undefined {
  const f = def.fields.find((row) => row.key === key);
  if (!f) return undefined;
  const a = f.apply;
  if ("ignore" in a) return "Used at creation only: a later change is never sent.";
  if ("mutation" in a) return `Changed in place: ${endpointsOf(def, a.mutation)}.`;
  if (a.when && a.otherwise)
    return `Changed in place when it can be (${endpointsOf(def, a.otherwise)}); otherwise changing it replaces the resource.`;
  return "Changing it replaces the resource.";
}

/** The object schema under refinements, transforms and pipes. */
function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  let s: any = schema;
  for (let depth = 0; s && depth < 8; depth++) {
    if (s.shape && typeof s.shape === "object") return s.shape;
    s = s.def?.in ?? s.def?.innerType ?? s.def?.schema;
  }
  return undefined;
}

/** The schema's default of `key` (`.default(…)`, through pipes and transforms), when it has one. */
export function defaultOf(def: ResourceDefinition<any, any>, key: string): { value: unknown } | undefined {
  let s: any = shapeOf(def.schema)?.[key];
  for (let depth = 0; s && depth < 8; depth++) {
    if (s.def?.type === "default") return { value: s.def.defaultValue };
    s = s.def?.in ?? s.def?.innerType;
  }
  return undefined;
}

/** The sentence stating the default, as doc comments write it. */
export const defaultNote = (value: unknown): string => `Default: \`${JSON.stringify(value)}\`.`;

/** The sentence of an input marked `secret` in the field table (the resource class wraps it in `pulumi.secret`). */
export const SECRET_NOTE = "Stored as a secret, whatever the program passes.";

/** The sentence of a `name` a kind makes up when left out (core/autoname.ts). */
export const AUTO_NAME_NOTE = 'Left out: made up from the resource name plus a suffix (README "Auto-naming").';

/** The sentences the doc comment of input `key` gets from the field table and the schema, in order. */
export function requiredNotes(def: ResourceDefinition<any, any>, key: string): string[] {
  const notes: string[] = [];
  const change = changeNote(def, key);
  if (change) notes.push(change);
  const d = defaultOf(def, key);
  if (d) notes.push(defaultNote(d.value));
  if (def.fields.some((f) => f.key === key && f.secret)) notes.push(SECRET_NOTE);
  if (key === "name" && def.autoName) notes.push(AUTO_NAME_NOTE);
  return notes;
}
