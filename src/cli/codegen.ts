// read → inputs → TypeScript: the declaration `pulumi-dbaas adopt` prints. The inputs a
// definition's read returns are already in the shape `check` produces; this module decides which
// of them a program must write (defaults left out), which it must take from config (secrets and
// values the API never returns), and proves with the definition's own `check` that the printed
// declaration passes unchanged.

import { deepEqual } from "../core/diff";
import { checkInputs, variantOf, type Props, type ResourceDefinition } from "../core/resource";
import { Code, camel, literal, quote } from "./literal";
import type { KindFacts } from "./kinds";

/** A value the program must take from config (`pulumi config set [--secret] <key> …`). */
export interface ConfigAsk {
  key: string;
  property: string;
  secret: boolean;
}

export interface Declaration {
  /** The full snippet: imports, `const config`, the declaration. */
  text: string;
  /** The declaration alone (with its comments), to add to a program that has the imports. */
  statement: string;
  config: ConfigAsk[];
}

/**
 * Stand-ins used only to run `check` while deciding what to print: a value for each property the
 * program takes from config. Each one satisfies a different family of rules (passwords with a
 * letter, digit and symbol; lower-case ids and prefixes); the first one `check` accepts is used.
 */
const STAND_INS = ["Adopt-stand-in-1", "standin", "adopt-stand-in"];

export class GenerationError extends Error {}

/** The declaration of `kind` for the live object `id`, from its read (`inputs`, `outs`). */
export function declaration(
  kind: string,
  def: ResourceDefinition<any, any>,
  facts: KindFacts,
  id: string,
  read: { inputs: Props; outs: Props },
  opts: { name?: string } = {},
): Declaration {
  const variant = variantOf(def, read.inputs);
  if (!variant) throw new GenerationError(`${kind} ${id}: the live object has no known variant`);
  const inputs: Props = facts.shape ? facts.shape({ ...read.inputs }, read.outs) : { ...read.inputs };
  for (const k of Object.keys(inputs)) if (k.startsWith("__") || k === "adopt" || inputs[k] === undefined) delete inputs[k];

  // Properties the API cannot return are never printed from the read: a secret's value must not
  // reach the terminal, and a value the API never sends is only a placeholder.
  const fromProgram = new Set([...variant.fields.filter((f) => f.secret).map((f) => f.key), ...(variant.notReadBack ?? [])]);
  for (const k of fromProgram) delete inputs[k];
  const asked = askedFromConfig(variant, inputs, fromProgram);
  const standIns: Props = Object.fromEntries(asked.map((k) => [k, standInFor(variant, { ...inputs }, k)]));
  const full = { ...inputs, ...standIns };
  const checked = checkInputs(variant, {}, full);
  if (checked.failures.length > 0) {
    throw new GenerationError(
      `${kind} ${id}: the live object does not pass this package's input rules, so it cannot be declared as it is:\n  ` +
        checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n  "),
    );
  }

  // Defaults are left out: a property whose omission checks to the same value.
  const declared: Props = { ...full };
  for (const f of variant.fields) {
    if (!(f.key in inputs)) continue;
    const trial = { ...declared };
    delete trial[f.key];
    const r = checkInputs(variant, {}, trial);
    if (r.failures.length === 0 && r.inputs[f.key] !== undefined && deepEqual(r.inputs[f.key], declared[f.key])) delete declared[f.key];
  }
  for (const key of Object.keys(declared)) if (!asked.includes(key)) declared[key] = withoutNestedDefaults(variant, declared, key);
  // The proof: what is printed checks to exactly what was read.
  const again = checkInputs(variant, {}, declared);
  const differs = Object.keys(full).filter((k) => !deepEqual(again.inputs[k], checked.inputs[k]));
  if (again.failures.length > 0 || differs.length > 0) {
    throw new GenerationError(
      `${kind} ${id}: the declaration would not pass check unchanged ` +
        `(${[...again.failures.map((f) => f.property), ...differs].join(", ")})`,
    );
  }

  const logical = opts.name ?? logicalName(kind, facts, inputs, id);
  const config: ConfigAsk[] = asked.map((property) => ({
    key: camel(logical, property),
    property,
    secret: variant.fields.some((f) => f.key === property && f.secret),
  }));
  const body: Props = {};
  for (const f of variant.fields) {
    if (!(f.key in declared)) continue;
    const ask = config.find((c) => c.property === f.key);
    body[f.key] = ask ? new Code(`config.${ask.secret ? "requireSecret" : "require"}(${quote(ask.key)})`) : declared[f.key];
  }
  // Kinds without `adopt` (settings) are taken over by a create that finds them as declared.
  const adoptInput = variant.fields.some((f) => f.key === "adopt");
  if (adoptInput) body.adopt = id;

  const comments: string[] = [];
  if (config.length > 0) {
    comments.push("// The API never returns these values: set them in the stack's config before `pulumi up`.");
    for (const c of config) comments.push(`//   pulumi config set${c.secret ? " --secret" : ""} ${c.key} <${c.property}>`);
  }
  const omitted = [...fromProgram].filter((k) => !asked.includes(k) && variant.fields.some((f) => f.key === k && !("ignore" in f.apply)));
  if (omitted.length > 0) {
    comments.push(
      `// Not returned by the API, so left out: ${omitted.join(", ")} (adding ` +
        `${omitted.length > 1 ? "them" : "it"} later is a change of the live object).`,
    );
  }
  const unmanaged = variant.fields
    .filter((f) => (f.omittedIsUnmanaged || facts.ownedElsewhere?.includes(f.key)) && f.key in declared)
    .map((f) => f.key);
  for (const k of unmanaged)
    comments.push(`// ${k}: managed by this resource as declared; remove the line when another resource owns it (one setting, one owner).`);

  if (!adoptInput) comments.push(`// ${id}: no \`adopt\` input; the create finds the setting as declared and sends nothing.`);
  const statement = [
    ...comments,
    `new ${facts.namespace}.${facts.className}(${quote(logical)}, ${literal(body, "", [...variant.fields.map((f) => f.key), "adopt"])});`,
  ].join("\n");
  const text = [
    'import * as pulumi from "@pulumi/pulumi";',
    `import { ${facts.namespace} } from "pulumi-dbaas";`,
    "",
    "const config = new pulumi.Config();",
    "",
    statement,
    "",
  ].join("\n");
  return { text, statement, config };
}

/**
 * The value of `key` without the entries inside it that `check` fills in by itself (a block
 * storage's `volumeType: "SSD"`, a backup's `archiveFrequencyMinutes: 60`): one level into an
 * object, or into each object of an array, each left out only when the whole property still
 * checks to the same value.
 */
function withoutNestedDefaults(def: ResourceDefinition<any, any>, declared: Props, key: string): unknown {
  const value = declared[key];
  const target = checkInputs(def, {}, declared).inputs[key];
  const isPlain = (v: unknown): v is Props => typeof v === "object" && v !== null && !Array.isArray(v);
  const entries: { at: number | undefined; field: string }[] = [];
  if (isPlain(value) && value.constructor === Object) for (const f of Object.keys(value)) entries.push({ at: undefined, field: f });
  if (Array.isArray(value))
    value.forEach((item, i) => {
      if (isPlain(item)) for (const f of Object.keys(item)) entries.push({ at: i, field: f });
    });
  let current: unknown = structuredClone(value);
  for (const { at, field } of entries) {
    const trial: any = structuredClone(current);
    if (at === undefined) delete trial[field];
    else delete trial[at][field];
    const r = checkInputs(def, {}, { ...declared, [key]: trial });
    if (r.failures.length === 0 && deepEqual(r.inputs[key], target)) current = trial;
  }
  return current;
}

/** Properties taken from the program that `check` requires (in field-table order). */
function askedFromConfig(def: ResourceDefinition<any, any>, inputs: Props, fromProgram: Set<string>): string[] {
  const asked: string[] = [];
  const trial: Props = { ...inputs };
  // Object-level rules (one property required by another's value) only run once the rest parses: loop.
  for (let round = 0; round <= fromProgram.size; round++) {
    const missing = checkInputs(def, {}, trial)
      .failures.map((f) => f.property.split(".")[0])
      .filter((k) => fromProgram.has(k) && !asked.includes(k));
    if (missing.length === 0) break;
    for (const k of new Set(missing)) {
      asked.push(k);
      trial[k] = standInFor(def, trial, k);
    }
  }
  return def.fields.map((f) => f.key).filter((k) => asked.includes(k));
}

function standInFor(def: ResourceDefinition<any, any>, inputs: Props, key: string): string {
  for (const s of STAND_INS) {
    const failures = checkInputs(def, {}, { ...inputs, [key]: s }).failures;
    if (!failures.some((f) => f.property.split(".")[0] === key)) return s;
  }
  return STAND_INS[0];
}

/** The object's own name, as a Pulumi resource name; else the class and the id's first characters. */
export function logicalName(kind: string, facts: KindFacts, inputs: Props, id: string): string {
  const own = typeof inputs.name === "string" ? inputs.name : undefined;
  const base = own ?? `${facts.className.toLowerCase()}-${id.replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}`;
  return base.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || kind.replace(":", "-");
}
