// `pulumi-dbaas plan`: what a `pulumi preview --json` means for the databases, per changed resource
// of this package: each property's old → new value, the calls the provider will make (from the same
// field tables and mutations it executes), in place / replace / delete-first replace, the effect on
// availability where the cloud's documents say it (core/impact.ts), and the expected duration from
// learned history (the resource's own record in the state, core/travel.ts, else the local cache).
// ./plan-report.ts renders it as markdown.
//
// The dynamic provider host sends the engine no detailed diff, so a preview's steps carry only old
// and new inputs (and `replaceReasons`): the changed keys are computed here from those, and the
// calls from the field table, as the provider's own `diff` and `update` do.

import { expectation, expectationOf } from "../core/durations";
import { containsUnknown, deepEqual, diffFields, UNKNOWN } from "../core/diff";
import type { Availability } from "../core/impact";
import { allFields, variantOf, type Props } from "../core/resource";
import { opKey } from "../core/timed";
import { DURATIONS_KEY, samplesOf } from "../core/travel";
import { definitionOf, kinds } from "../runtime";

const TYPE_PREFIX = "pulumi-nodejs:dynamic/";

export type Action = "update" | "replace" | "replace, deleting first" | "create" | "delete";

export interface PropertyChange {
  key: string;
  old: string;
  new: string;
  /** How this property's change is applied: "in place", "replace". */
  how: string;
}

export interface Call {
  call: string;
  /** What makes it: a mutation's name, "create" or "delete". */
  by: string;
}

export interface Effect {
  effect: Availability["effect"] | "not documented" | "recreated";
  /** The rule, and where the cloud says so. */
  note?: string;
  source?: string;
  /** What brings it: a mutation's name, "replace". */
  by: string;
}

export interface Expected {
  /** The expected duration of the whole change of this resource; undefined: no history for some of it. */
  ms?: number;
  /** Where the history came from ("this resource's state", "this machine's cache"), or what lacks one. */
  from: string;
}

export interface Drift {
  key: string;
  /** As the state recorded it, and as the refresh read it (masked like the changes). */
  state: string;
  live: string;
}

export interface ResourcePlan {
  name: string;
  kind: string;
  action: Action;
  /** Properties changed outside Pulumi (`pulumi preview --refresh` only): the plan starts from the live value. */
  drift: Drift[];
  changes: PropertyChange[];
  /** Inputs that force the replacement (the engine's `replaceReasons`; empty: a dependency is replaced). */
  replaceReasons: string[];
  calls: Call[];
  effects: Effect[];
  expected: Expected;
}

export interface Refusal {
  name: string;
  kind: string;
  message: string;
}

export interface Plan {
  resources: ResourcePlan[];
  refusals: Refusal[];
  /** Warnings the preview printed (drift, deprecations), as the engine gave them. */
  warnings: string[];
  /** Errors the preview printed that belong to no resource of ours. */
  errors: string[];
}

const OPS: Record<string, Action | undefined> = {
  update: "update",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  create: "create",
  delete: "delete",
};

/** `pulumi-nodejs:dynamic/scp:Cluster` → `scp:Cluster` when it is one of this package's kinds. */
export function kindOfType(type: string | undefined): string | undefined {
  if (!type?.startsWith(TYPE_PREFIX)) return undefined;
  const kind = type.slice(TYPE_PREFIX.length);
  return kinds().includes(kind) ? kind : undefined;
}

const urnParts = (urn: string) => {
  const parts = urn.split("::");
  return { type: parts[2]?.split("$").pop() ?? "", name: parts[3] ?? urn };
};

const visible = (props: Props | undefined): Props => Object.fromEntries(Object.entries(props ?? {}).filter(([k]) => !k.startsWith("__")));

/** A value as the report shows it: secrets masked, values not known yet said so. */
export function showValue(value: unknown, secret: boolean): string {
  if (value === undefined || value === null) return "unset";
  if (value === "[secret]" || secret) return "[secret]";
  if (containsUnknown(value))
    return value === UNKNOWN
      ? "(known after apply)"
      : `${JSON.stringify(value).replaceAll(JSON.stringify(UNKNOWN), "(known after apply)")}`;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Turns the engine's check failure text into "property: reason". */
function refusalText(message: string): string {
  const m = /resource '[^']*': property (\S+) value .*? has a problem: ([\s\S]*)$/.exec(message.trim());
  const text = m ? `${m[1]}: ${m[2]}` : message.trim();
  return text.replace(/^error: /, "").trim();
}

export function planOf(preview: any): Plan {
  const plan: Plan = { resources: [], refusals: [], warnings: [], errors: [] };
  const seen = new Map<string, ResourcePlan>();
  // With --refresh, a `refresh` step carries the state as recorded; the resource's next step starts
  // from what the refresh read: the keys that differ changed outside Pulumi.
  const recorded = new Map<string, Props>();
  for (const step of preview?.steps ?? []) {
    const urn = String(step.urn ?? "");
    const type = step.newState?.type ?? step.oldState?.type ?? urnParts(urn).type;
    const kind = kindOfType(type);
    if (step.op === "refresh") {
      if (step.oldState?.inputs) recorded.set(urn, visible(step.oldState.inputs));
      continue;
    }
    const action = OPS[step.op];
    if (!kind) continue;
    const drift = recorded.has(urn) ? driftOf(kind, recorded.get(urn)!, visible(step.oldState?.inputs)) : [];
    if (!action) {
      // Nothing to do, but what the refresh found is still worth a line.
      for (const d of drift)
        plan.warnings.push(
          `${kind} ${urnParts(urn).name}: ${d.key} changed outside Pulumi (state ${d.state}, live ` +
            `${d.live}); the program matches the live value`,
        );
      continue;
    }
    const r = { ...resourcePlan(kind, urnParts(urn).name, step, action), drift };
    const before = seen.get(urn);
    // A delete-first replacement shows as several steps of one resource: one entry.
    if (before) before.action = mergeAction(before.action, r.action);
    else {
      seen.set(urn, r);
      plan.resources.push(r);
    }
  }
  for (const d of preview?.diagnostics ?? []) {
    const message = String(d.message ?? "").trim();
    const kind = kindOfType(urnParts(String(d.urn ?? "")).type);
    if (d.severity === "error" && kind) plan.refusals.push({ name: urnParts(String(d.urn)).name, kind, message: refusalText(message) });
    else if (d.severity === "warning") plan.warnings.push(message.replace(/^warning: /, ""));
    else if (d.severity === "error") plan.errors.push(message.replace(/^error: /, ""));
  }
  return plan;
}

const mergeAction = (a: Action, b: Action): Action =>
  a === "replace, deleting first" || b === "replace, deleting first" ? "replace, deleting first" : a;

function resourcePlan(kind: string, name: string, step: any, action: Action): ResourcePlan {
  const def = definitionOf(kind);
  const oldInputs = visible(step.oldState?.inputs);
  const newInputs = visible(step.newState?.inputs);
  const oldOutputs = visible(step.oldState?.outputs ?? step.oldState?.inputs);
  const deleteFirst =
    action === "replace" &&
    (step.op === "delete-replaced" || step.oldState?.pendingReplacement === true || step.newState?.deleteBeforeReplace === true);
  const secrets = new Set(
    allFields(def)
      .filter((f) => f.secret)
      .map((f) => f.key),
  );
  const variant = variantOf(def, action === "delete" ? oldInputs : newInputs) ?? variantOf(def, oldInputs);
  const variantName = def.variants ? (action === "delete" ? oldInputs : newInputs)[def.variants.key] : undefined;
  const history = samplesOf(step.oldState?.outputs?.[DURATIONS_KEY]);
  const replaceReasons: string[] = [...(step.replaceReasons ?? [])];

  const rowOf = (key: string) => variant?.fields.find((f) => f.key === key);
  const changes: PropertyChange[] = [];
  const keys = [...new Set([...Object.keys(oldInputs), ...Object.keys(newInputs)])];
  for (const key of keys) {
    if (action === "create" || action === "delete") break;
    const [a, b] = [oldInputs[key], newInputs[key]];
    const hidden = a === "[secret]" && b === "[secret]";
    if (hidden || (deepEqual(a, b) && !containsUnknown(b))) continue;
    const row = rowOf(key);
    const how =
      action !== "update"
        ? replaceReasons.includes(key)
          ? "forces the replacement"
          : containsUnknown(b)
            ? "known once what it refers to is replaced"
            : "set on the new object"
        : row && "ignore" in row.apply
          ? "not sent (used at creation only)"
          : "in place";
    changes.push({ key, old: showValue(a, secrets.has(key)), new: showValue(b, secrets.has(key)), how });
  }
  if (action === "update" && changes.length === 0) {
    // Only secret values differ: the preview shows both sides as [secret], so say which may change.
    for (const key of keys) {
      if (oldInputs[key] === "[secret]" && newInputs[key] === "[secret]")
        changes.push({ key, old: "[secret]", new: "[secret]", how: "in place (a secret value; the preview hides whether it changed)" });
    }
  }

  const calls: Call[] = [];
  const effects: Effect[] = [];
  const opNames: string[] = [];
  if (action === "update" && variant) {
    const planned = diffFields(oldOutputs, newInputs, variant.fields);
    // A secret shown as [secret] on both sides compares equal here: its row is taken from the changes above.
    for (const c of changes) {
      const row = rowOf(c.key);
      if (row && "mutation" in row.apply && !planned.mutations.has(row.apply.mutation)) planned.mutations.set(row.apply.mutation, [c.key]);
    }
    for (const m of variant.mutations) {
      if (!planned.mutations.has(m.name)) continue;
      opNames.push(m.name);
      for (const call of m.endpoint.split("; ")) calls.push({ call, by: m.name });
      effects.push(effectOf(m.availability, m.name, oldOutputs, newInputs));
    }
  } else {
    const steps =
      action === "create" ? ["create"] : action === "delete" ? ["delete"] : deleteFirst ? ["delete", "create"] : ["create", "delete"];
    for (const s of steps) {
      opNames.push(s);
      const call = (def.calls ?? variant?.calls)?.[s as "create" | "delete"];
      calls.push({ call: call ?? "(not listed for this kind)", by: s });
    }
    if (action !== "create" && action !== "delete") {
      effects.push({
        effect: "recreated",
        by: "replace",
        note: deleteFirst
          ? "the old object is deleted before the new one is created: unavailable until the new one is " +
            "ready, and its data is not carried over"
          : "a new object is created, then the old one is deleted: clients must move to the new one, and its data is not carried over",
      });
    }
  }
  const expected = expectedDuration(kind, typeof variantName === "string" ? variantName : undefined, opNames, history);
  return {
    name,
    kind,
    action: deleteFirst ? "replace, deleting first" : action,
    drift: [],
    changes,
    replaceReasons,
    calls,
    effects,
    expected,
  };
}

function driftOf(kind: string, recorded: Props, live: Props): Drift[] {
  const secrets = new Set(
    allFields(definitionOf(kind))
      .filter((f) => f.secret)
      .map((f) => f.key),
  );
  return [...new Set([...Object.keys(recorded), ...Object.keys(live)])]
    .filter((k) => !(recorded[k] === "[secret]" && live[k] === "[secret]") && !deepEqual(recorded[k], live[k]))
    .map((k) => ({ key: k, state: showValue(recorded[k], secrets.has(k)), live: showValue(live[k], secrets.has(k)) }));
}

function effectOf(a: Availability | undefined, by: string, olds: Props, news: Props): Effect {
  if (!a || (a.applies && !a.applies(olds, news))) return { effect: "not documented", by };
  return { effect: a.effect, note: a.note, source: a.source, by };
}

/** The sum of the expected durations of the operations, each from this resource's state or else this machine's cache. */
function expectedDuration(kind: string, variant: string | undefined, operations: string[], history: Record<string, number[]>): Expected {
  let ms = 0;
  const sources = new Set<string>();
  const missing: string[] = [];
  for (const op of operations) {
    const key = opKey(kind, variant, op);
    const inState = history[key] ? expectationOf(history[key]) : undefined;
    const cached = inState ? undefined : expectation(key);
    const e = inState ?? cached;
    if (!e) missing.push(op);
    else {
      ms += e.ms;
      sources.add(inState ? "this resource's state" : "this machine's cache");
    }
  }
  if (operations.length === 0) return { ms: 0, from: "nothing to do" };
  if (missing.length > 0) return { from: `no history yet (${missing.join(", ")})` };
  return { ms, from: [...sources].join(" and ") };
}
