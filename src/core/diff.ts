// The one diff engine. Each resource declares a field table: per input property, whether a change
// replaces the resource or which mutation applies it in place. `diff`, `update` and the reference pages'
// "property → endpoint" tables are all computed from that one table.

/** What the engine sends for a value not yet known during preview (sdk/nodejs/runtime/rpc.ts). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type FieldApply =
  /** Any change replaces the resource; `when` narrows it (like terraform's ForceNewIf). */
  | { replace: true; when?: (oldValue: unknown, newValue: unknown) => boolean; otherwise?: string }
  /** Applied in place by the named mutation. */
  | { mutation: string }
  /** Not sent after creation and never diffed (e.g. `adopt`, create-only restore points). */
  | { ignore: true };

export interface FieldSpec {
  key: string;
  apply: FieldApply;
  /** Equality after normalisation; defaults to deep structural equality. */
  equals?: (a: unknown, b: unknown) => boolean;
  /** One line for the reference table. */
  doc?: string;
  /** A credential: stored as a secret whatever the program passes, redacted from every message. */
  secret?: true;
  /**
   * Left out by the program, the property is not managed by this resource (another resource owns
   * it, e.g. an scp.BackupPolicy owns a cluster's backup): it is not diffed, and update keeps the
   * live value. Declared, it is diffed and applied as usual.
   */
  omittedIsUnmanaged?: true;
}

/** True when `field` is left out of `news` and that means "not managed here". */
export const unmanaged = (field: FieldSpec, news: Record<string, unknown>): boolean =>
  field.omittedIsUnmanaged === true && (news[field.key] === undefined || news[field.key] === null);

export interface FieldDiff {
  /** Keys whose value differs (or is unknown). */
  changed: string[];
  /** The subset of `changed` that forces a replacement. */
  replaces: string[];
  /** Mutation name → keys it must apply, for the in-place part. */
  mutations: Map<string, string[]>;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Structural equality that treats a missing key, `undefined` and `null` alike, so the diff is symmetric. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === undefined || b === null;
  if (b === undefined || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (k.startsWith("__")) continue;
      if (!deepEqual((a as any)[k], (b as any)[k])) return false;
    }
    return true;
  }
  return false;
}

export function diffFields(olds: Record<string, unknown>, news: Record<string, unknown>, table: readonly FieldSpec[]): FieldDiff {
  const changed: string[] = [];
  const replaces: string[] = [];
  const mutations = new Map<string, string[]>();
  for (const field of table) {
    if ("ignore" in field.apply || unmanaged(field, news)) continue;
    const oldValue = olds[field.key];
    const newValue = news[field.key];
    const unknown = containsUnknown(newValue);
    const equal = !unknown && (field.equals ?? deepEqual)(oldValue, newValue);
    if (equal) continue;
    changed.push(field.key);
    const apply = field.apply;
    if ("replace" in apply) {
      if (unknown || !apply.when || apply.when(oldValue, newValue)) {
        replaces.push(field.key);
        continue;
      }
      if (apply.otherwise) push(mutations, apply.otherwise, field.key);
      continue;
    }
    push(mutations, apply.mutation, field.key);
  }
  return { changed, replaces, mutations };
}

function push(map: Map<string, string[]>, name: string, key: string) {
  const list = map.get(name) ?? [];
  list.push(key);
  map.set(name, list);
}
