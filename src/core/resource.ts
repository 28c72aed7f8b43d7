// Turns a resource definition (schema, field table, create/read/mutations/delete) into the
// behaviour of a Pulumi dynamic provider: check, diff, create, read, update, delete. Every resource
// of every cloud goes through this one implementation.

import type { z } from "zod";
import { autoName, type NameRule } from "./autoname";
import { UNKNOWN, containsUnknown, deepEqual, diffFields, unmanaged, type FieldSpec } from "./diff";
import { InputError, errorMessage } from "./errors";
import { describeIssues } from "./input-issues";
import type { Availability, LifecycleCalls } from "./impact";

export type Props = Record<string, any>;

/** Services a definition may use; built by the runtime from the provider configuration. */
export interface Context {
  config: (key: string) => string | undefined;
  log: (line: string) => void;
  /** A line the user must see (printed as `warning: …`). */
  warn: (line: string) => void;
  /** Stable identity of the resource (stack and URN, hashed) when the program supplied it. */
  owner?: string;
}

/**
 * The object as the definition's own API answered it (Show Cluster, a datastore), read by the
 * wait that just ended: the lifecycle hands it to the very next `read` (and mutation) of the same
 * update, so a wait's last poll is not followed by a second GET of the same object. It is used
 * once, right away, and never kept: anything that may have changed the object since (another
 * mutating call) must not hand one on.
 */
export type Observed = unknown;

export interface Mutation<I, O> {
  name: string;
  /** The endpoint(s) it calls, for the reference table ("POST /v1/clusters/{id}/stop"). */
  endpoint: string;
  /** What the change does to availability, where the cloud documents it (read by `pulumi-dbaas plan`). */
  availability?: Availability;
  /**
   * Applies the change from `live` (current outputs) to `desired` and waits for it to settle. The
   * answer may be the object as the mutation's final wait read it, which then serves the read-back.
   */
  apply: (ctx: Context, id: string, live: O, desired: I) => Promise<Observed>;
}

export interface ReadResult<I, O> {
  outs: O;
  /** Inputs in the shape `check` produces, so refresh shows real drift only. */
  inputs: I;
}

export interface ResourceDefinition<I extends Props, O extends Props> {
  kind: string;
  schema: z.ZodType<I>;
  fields: readonly FieldSpec[];
  /** Rules over old and new inputs together (a disk that may only grow). */
  validateChange?: (olds: I, news: I) => InputError[];
  create: (ctx: Context, inputs: I) => Promise<{ id: string; outs: O }>;
  /**
   * Undefined means the object is gone. `previous` carries values the API never returns (passwords).
   * `observed`, when given, is the object a wait of this update just read: use it instead of a GET.
   */
  read: (ctx: Context, id: string, previous: O, observed?: Observed) => Promise<ReadResult<I, O> | undefined>;
  /**
   * Before update: wait until the object is settled (resumes an operation a failed run left behind).
   * May answer the object as the wait's last poll read it: the update's read then needs no GET.
   */
  settle?: (ctx: Context, id: string, previous: O) => Promise<Observed>;
  /**
   * Checks against facts only the API knows (catalogues), once per update before its first
   * mutating call: a value refused here stops the update with nothing changed, whichever mutation
   * would have run first.
   */
  preflight?: (ctx: Context, id: string, live: O, desired: I) => Promise<void>;
  /**
   * Throws when the object is no longer this resource's (another stack adopted it and its mark
   * now names that resource). Run by the diff whenever it plans a change, so `pulumi preview`
   * refuses what `up` would (the definition also runs it before its own changes and delete).
   */
  assertOwned?: (ctx: Context, id: string) => Promise<void>;
  /**
   * The same catalogue rules, run by `check` (so `pulumi preview` refuses what `up` would): `news`
   * are the checked inputs without the values still unknown, `olds` the recorded inputs (empty for
   * a create). Only values that differ from `olds` are looked up, so an entry the catalogue has
   * since retired does not block an unrelated change. Throws an InputError; answers are cached
   * (core/catalog-cache.ts), so `up`'s own checks cost no second request.
   */
  checkCatalog?: (ctx: Context, news: Partial<I>, olds: Partial<I>) => Promise<void>;
  mutations: readonly Mutation<I, O>[];
  /**
   * Two live objects may not share a name (the API refuses it, or the create look-up does): a
   * replacement that keeps the name must delete the old object first, and the resource class makes
   * delete-before-replace the default so that `pulumi up --replace` (which never asks `diff`) does too.
   */
  uniqueName?: true;
  /** Inputs the API never returns: adoption takes them from the program (`pulumi-dbaas adopt` asks for them as config). */
  notReadBack?: readonly string[];
  /**
   * The API lets the user pick the `name` input: left out, `check` makes one (core/autoname.ts),
   * keeps the one the resource has on later runs, and leaves an adopted object's live name.
   */
  autoName?: NameRule;
  delete: (ctx: Context, id: string, outs: O) => Promise<void>;
  /** The create and delete calls, as `pulumi-dbaas plan` lists them for a create, delete or replace. */
  calls?: LifecycleCalls;
  /**
   * One kind served by several definitions, chosen by the value of one input (`scp:Cluster` by
   * `engine`). check, diff and update resolve the variant first (see `variantOf`); the dispatching
   * definition's own create, read and delete route by the same key.
   */
  variants?: { key: string; of: Readonly<Record<string, ResourceDefinition<any, any>>> };
}

/** The definition that serves these properties: the variant named by `props[variants.key]`, or `def` itself. */
export function variantOf(def: ResourceDefinition<any, any>, props: Props | undefined): ResourceDefinition<any, any> | undefined {
  if (!def.variants) return def;
  const value = props?.[def.variants.key];
  return typeof value === "string" && Object.hasOwn(def.variants.of, value) ? def.variants.of[value] : undefined;
}

/** Every field row of a definition, its variants' included (secrets, docs). */
export function allFields(def: ResourceDefinition<any, any>): FieldSpec[] {
  return def.variants ? Object.values(def.variants.of).flatMap(allFields) : [...def.fields];
}

/**
 * Thrown by create or update after the cloud accepted a request: the engine records the resource
 * (with these properties) instead of forgetting it, and the next `up` resumes through `update`.
 */
export class PartialFailure extends Error {
  constructor(
    readonly id: string,
    readonly outs: Props,
    override readonly cause: unknown,
  ) {
    super(errorMessage(cause));
  }
}

const PROVIDER_KEY = "__provider";
/** Set by the resource class: the resource's stack and URN, hashed (see core/journal.ts). */
export const OWNER_KEY = "__owner";
/** Set by the resource class: the logical name, the readable part of an auto-name. Never stored. */
export const LOGICAL_NAME_KEY = "__logicalName";
/** Set by the resource class: the identity an auto-name's suffix comes from (the owner key without the backend). Never stored. */
export const NAME_SEED_KEY = "__nameSeed";

function stripInternal(props: Props | undefined): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) if (!k.startsWith("__")) out[k] = v;
  return out;
}

/** Validates and normalises inputs; unknown (preview) values are kept and left unchecked. */
export function checkInputs<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
  olds: Props,
  news: Props,
): { inputs: Props; failures: { property: string; reason: string }[] } {
  if (def.variants) {
    const key = def.variants.key;
    const variant = variantOf(def, news);
    // An unknown selector (preview) cannot be checked yet; a bad one fails through the dispatcher's schema.
    if (!variant && containsUnknown(news?.[key])) return { inputs: { ...news }, failures: [] };
    if (!variant) return checkWith(def, {}, news);
    // Rules over old and new inputs only make sense within one variant: another one replaces.
    return checkInputs(variant, olds?.[key] === news[key] ? olds : {}, news);
  }
  return checkWith(def, olds, news);
}

/**
 * The `name` a kind with `autoName` gets when the program gives none. An update keeps the name the
 * resource has (made up, or declared before and since left out: a database is never renamed or
 * replaced because a line was deleted), so neither a new suffix rule nor a renamed stack can move
 * it. A new resource gets the auto-name; one replaced gets the same one again (the engine checks
 * a replacement with no old inputs), which is why unique-name kinds delete first. An adoption
 * (`adopt`) takes the object's live name: `live` says to leave `name` out of the checked inputs.
 */
function nameOf(rule: NameRule, olds: Props, news: Props): { news: Props; live: boolean } {
  if (news.name !== undefined && news.name !== null) return { news, live: false };
  const old = stripInternal(olds);
  if (Object.keys(old).length > 0)
    return old.name === undefined ? { news, live: true } : { news: { ...news, name: old.name }, live: false };
  if (news.adopt !== undefined && news.adopt !== null) return { news, live: true };
  const owner = news[NAME_SEED_KEY] ?? news[OWNER_KEY];
  if (containsUnknown(owner)) return { news: { ...news, name: UNKNOWN }, live: false };
  // No owner key (not created through the resource classes): the schema then asks for a name.
  if (typeof owner !== "string" || owner === "") return { news, live: false };
  const logical = news[LOGICAL_NAME_KEY];
  return { news: { ...news, name: autoName(rule, typeof logical === "string" ? logical : "", owner) }, live: false };
}

/** A kind's field table; with auto-naming, a `name` left out (an adopted object's live name) is not managed. */
function fieldsOf(def: ResourceDefinition<any, any>): readonly FieldSpec[] {
  return def.autoName ? def.fields.map((f) => (f.key === "name" ? { ...f, omittedIsUnmanaged: true as const } : f)) : def.fields;
}

function checkWith<I extends Props, O extends Props>(def: ResourceDefinition<I, O>, olds: Props, programNews: Props) {
  const naming = def.autoName ? nameOf(def.autoName, olds, programNews) : { news: programNews, live: false };
  const news = naming.news;
  const raw = stripInternal(news);
  const unknownKeys = Object.keys(raw).filter((k) => containsUnknown(raw[k]));
  const known: Props = { ...raw };
  for (const k of unknownKeys) delete known[k];
  // A live name is not known here; any name the rule accepts lets the other properties be checked.
  if (naming.live && def.autoName) known.name = autoName(def.autoName, "", "live");
  const parsed = def.schema.safeParse(known);
  const failures: { property: string; reason: string }[] = [];
  let inputs: Props = raw;
  if (parsed.success) {
    inputs = { ...(parsed.data as Props) };
    if (naming.live) delete inputs.name;
    for (const k of unknownKeys) inputs[k] = raw[k];
  } else {
    const secret = (path: PropertyKey[]) => def.fields.some((f) => f.secret && f.key === path[0]);
    for (const f of describeIssues(def.schema, parsed.error.issues, known, secret)) {
      if (!unknownKeys.includes(f.property.split(".")[0])) failures.push(f);
    }
  }
  const oldInputs = stripInternal(olds);
  if (failures.length === 0 && def.validateChange && Object.keys(oldInputs).length > 0 && unknownKeys.length === 0) {
    for (const e of def.validateChange(oldInputs as I, inputs as I)) failures.push({ property: e.property, reason: e.reason });
  }
  // Engine and class bookkeeping travel with the inputs: the serialized provider, the owner key.
  for (const key of [PROVIDER_KEY, OWNER_KEY]) if (news[key] !== undefined) inputs[key] = news[key];
  return { inputs, failures };
}

export function diffResource<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
  olds: Props,
  news: Props,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  if (def.variants) {
    const key = def.variants.key;
    const variant = variantOf(def, news);
    if (!variant || !deepEqual(olds[key], news[key])) {
      return { changes: true, replaces: [key], deleteBeforeReplace: def.uniqueName === true && sameName(olds, news) };
    }
    return diffResource(variant, olds, news);
  }
  const d = diffFields(olds, news, fieldsOf(def));
  return {
    changes: d.changed.length > 0,
    replaces: d.replaces,
    deleteBeforeReplace: d.replaces.length > 0 && def.uniqueName === true && sameName(olds, news),
  };
}

/** The replacement keeps the name: declared the same, or left to the live object (an adoption). */
const sameName = (olds: Props, news: Props) => (news.name ?? olds.name) === olds.name;

/**
 * Applies exactly what the preview showed. The plan is the diff between the recorded state and the
 * new inputs (what `diff` answered); each planned mutation runs from the live value to the desired
 * one, so a resumed partial failure converges. A property outside the plan is never touched: its
 * live value is kept in what the mutations see, a difference from the state is reported as a
 * warning, and the state keeps its recorded value: drift is for `pulumi refresh` to show and
 * record, not something this `up` was asked to undo or to accept.
 */
export async function updateResource<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
  ctx: Context,
  id: string,
  olds: Props,
  news: Props,
): Promise<O> {
  if (def.variants) {
    const variant = variantOf(def, news);
    if (!variant || variantOf(def, olds) !== variant)
      throw new Error(`${def.kind} ${id}: ${def.variants.key} can only change by replacement`);
    return updateResource(variant, ctx, id, olds, news);
  }
  const fields = fieldsOf(def);
  const desired = stripInternal(news) as I;
  const previous = stripInternal(olds) as O;
  // One GET before the mutations: the settle wait's last poll is the read (see `Observed`).
  let settled: Observed;
  if (def.settle) {
    try {
      settled = (await def.settle(ctx, id, previous)) ?? undefined;
    } catch (err) {
      throw new PartialFailure(id, previous, err);
    }
  }
  const current = await def.read(ctx, id, previous, settled);
  if (!current)
    throw new Error(
      `${def.kind} ${id} no longer exists; run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
    );
  let live = current.outs;
  const planned = diffFields(previous, desired, fields);
  if (planned.replaces.length > 0) {
    // The engine asks for an update only when diff found no replacement; never half-apply one.
    throw new Error(`${def.kind} ${id}: ${planned.replaces.join(", ")} can only change by replacement`);
  }
  const plannedKeys = new Set(planned.changed);
  for (const f of fields) {
    // A property the program leaves to another resource may change under us: that is not drift.
    if ("ignore" in f.apply || plannedKeys.has(f.key) || unmanaged(f, desired)) continue;
    if (!(f.equals ?? deepEqual)(previous[f.key], live[f.key])) {
      ctx.warn(
        `${def.kind} ${id}: ${f.key} changed outside Pulumi (state ${show(previous[f.key])}, live ` +
          `${show(live[f.key])}): run pulumi refresh`,
      );
    }
  }
  /** What mutations aim at: the desired value for planned keys, the live value for all others. */
  const target = (liveNow: O): I => {
    const t: Props = { ...desired };
    for (const f of fields) if (!("ignore" in f.apply) && !plannedKeys.has(f.key)) t[f.key] = liveNow[f.key];
    return t as I;
  };
  // Planned keys whose live value already is the desired one (a resumed update) need no call.
  const pending = diffFields(live, target(live), fields);
  if (pending.replaces.length > 0) {
    throw new Error(
      `${def.kind} ${id}: the live ${pending.replaces.join(", ")} can only reach the desired value by ` +
        `replacement (changed outside Pulumi?); run \`pulumi refresh\`, then \`pulumi up\``,
    );
  }
  if (def.preflight && pending.mutations.size > 0) await def.preflight(ctx, id, live, target(live));
  let applied = 0;
  for (const mutation of def.mutations) {
    if (!pending.mutations.has(mutation.name)) continue;
    // Reads after a change know what the program now manages (e.g. which parameters to report).
    const managed = { ...live, ...desired } as unknown as O;
    let after: Observed;
    try {
      after = await mutation.apply(ctx, id, live, target(live));
    } catch (err) {
      // Bad input found before this update's first mutating call (a version rule): nothing was
      // applied, so the state must stay exactly as it was. A PartialFailure
      // would mark the resource half-initialised and every later preview would show an update.
      if (err instanceof InputError && applied === 0) throw err;
      const after = await def.read(ctx, id, managed).catch(() => undefined);
      throw new PartialFailure(id, after?.outs ?? live, err);
    }
    applied++;
    // No duplicate read-back: the mutation's final wait already read the object (when it says so).
    const read = await def.read(ctx, id, managed, after ?? undefined);
    if (!read) throw new Error(`${def.kind} ${id} disappeared during ${mutation.name}`);
    live = read.outs;
  }
  // Values the API does not echo (ignored fields, secrets) follow the desired inputs. A property
  // outside the plan keeps its recorded value: the state must not move behind the preview's back
  // (the next preview would show an update with no visible property). `pulumi refresh` records it.
  const out: Props = mergeDesired(def, live, desired);
  for (const f of fields) {
    if (!("ignore" in f.apply) && !plannedKeys.has(f.key) && f.key in previous) out[f.key] = previous[f.key];
  }
  return withoutUnmanaged(def, out, desired) as O;
}

function show(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "unset" : JSON.stringify(value);
}

/**
 * One rule for "left out = not managed here" (`omittedIsUnmanaged` rows, e.g. a cluster's `backup`
 * owned by an scp.BackupPolicy): such a property is recorded, in the outputs and in the inputs a
 * refresh writes, only while `reference` (the program's inputs, or the outputs recorded from them)
 * declares it. The CLI displays recorded inputs against the program's, so a live value of a property
 * another resource owns would otherwise show as a removal the update never makes.
 */
export function withoutUnmanaged<P extends Props>(def: ResourceDefinition<any, any>, props: P, reference: Props): P {
  const variant = variantOf(def, { ...reference, ...props });
  if (!variant || variant.variants) return props;
  const out: Props = { ...props };
  for (const f of variant.fields) if (unmanaged(f, reference)) delete out[f.key];
  return out as P;
}

/** Outputs echo the checked inputs for every field the API cannot report back. */
export function mergeDesired<I extends Props, O extends Props>(def: ResourceDefinition<I, O>, live: O, desired: I): O {
  if (def.variants) {
    const variant = variantOf(def, desired);
    return variant ? mergeDesired(variant, live, desired) : live;
  }
  const out: Props = { ...live };
  for (const f of def.fields) {
    if ("ignore" in f.apply && desired[f.key] !== undefined) out[f.key] = desired[f.key];
  }
  return out as O;
}

/**
 * Adoption check: one line per declared property that differs from the live object. Fields in
 * `skip` are those the API never returns (passwords, name prefixes), taken from the program.
 */
export function adoptionDifferences(fields: readonly FieldSpec[], live: Props, declared: Props, skip: readonly string[] = []): string[] {
  return (
    fields
      .filter((f) => !("ignore" in f.apply) && !skip.includes(f.key))
      // Left out where that means "owned elsewhere" (an scp.BackupPolicy owns the schedule): not compared.
      .filter((f) => !unmanaged(f, declared))
      // A name left out of the program is the one the adoption takes from the live object.
      .filter((f) => !(f.key === "name" && declared.name === undefined))
      .filter((f) => !(f.equals ?? deepEqual)(live[f.key], declared[f.key]))
      .map((f) => `${f.key}: live ${JSON.stringify(live[f.key])}, declared ${JSON.stringify(declared[f.key])}`)
  );
}

export function assertAdoptable(
  what: string,
  fields: readonly FieldSpec[],
  live: Props,
  declared: Props,
  skip: readonly string[] = [],
): void {
  const differences = adoptionDifferences(fields, live, declared, skip);
  if (differences.length > 0) {
    throw new Error(
      `adopt: ${what} differs from the declared inputs; make the program match the live object, adopt, ` +
        `then change it:\n  ${differences.join("\n  ")}`,
    );
  }
}

/** The property names a definition's schema accepts (through refinements, transforms and pipes). */
function schemaKeys(schema: unknown): string[] | undefined {
  let s: any = schema;
  for (let depth = 0; s && depth < 8; depth++) {
    if (s.shape && typeof s.shape === "object") return Object.keys(s.shape);
    s = s.def?.in ?? s.def?.innerType ?? s.def?.schema;
  }
  return undefined;
}

/**
 * Checks a definition's field table when the module loads, so a typo can never plan an update
 * that sends nothing: every input has a row (or an `ignore` row when it is never diffed), every row
 * names an input, every mutation a row names exists, and every mutation is reachable from a row.
 */
export function assertFieldTable(def: ResourceDefinition<any, any>): void {
  if (def.variants) {
    for (const [name, variant] of Object.entries(def.variants.of)) {
      if (variant.kind !== def.kind) throw new Error(`pulumi-dbaas: variant ${name} of ${def.kind} declares kind ${variant.kind}`);
      assertFieldTable(variant);
    }
    return;
  }
  const problems: string[] = [];
  const rows = def.fields.map((f) => f.key);
  const mutationNames = new Set(def.mutations.map((m) => m.name));
  const keys = schemaKeys(def.schema);
  if (!keys) problems.push("its schema is not an object schema, so its inputs cannot be checked against the field table");
  for (const k of keys ?? [])
    if (!rows.includes(k)) problems.push(`input ${k} has no row (add one, or an { ignore: true } row if it is never diffed)`);
  for (const k of rows) if (keys && !keys.includes(k)) problems.push(`row ${k} is not an input of the schema`);
  for (const k of rows.filter((k, i) => rows.indexOf(k) !== i)) problems.push(`row ${k} appears twice`);
  const used = new Set<string>();
  for (const f of def.fields) {
    const name = "mutation" in f.apply ? f.apply.mutation : "replace" in f.apply ? f.apply.otherwise : undefined;
    if (name === undefined) continue;
    used.add(name);
    if (!mutationNames.has(name))
      problems.push(`row ${f.key} names mutation ${name}, which does not exist (known: ${[...mutationNames].join(", ") || "none"})`);
  }
  for (const m of def.mutations) if (!used.has(m.name)) problems.push(`mutation ${m.name} is named by no row, so it can never run`);
  if (problems.length > 0) throw new Error(`pulumi-dbaas: the field table of ${def.kind} is inconsistent:\n  ${problems.join("\n  ")}`);
}
