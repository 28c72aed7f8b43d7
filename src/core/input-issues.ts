// The one formatter of schema refusals (zod issues) into `check` failures. A failure names the
// property, the value (never a secret's) and what is allowed: an unknown key lists the accepted
// ones and suggests the closest, a union says which types it takes, an enum lists its values.

import type { z } from "zod";

export interface Failure {
  property: string;
  reason: string;
}

type Issue = z.core.$ZodIssue;

/** One failure per refused property, in the order the schema found them. */
export function describeIssues(
  schema: unknown,
  issues: readonly Issue[],
  input: unknown,
  secret: (path: PropertyKey[]) => boolean,
): Failure[] {
  const out: Failure[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const accepted = keysAt(schema, issue.path);
      for (const key of issue.keys) {
        out.push({ property: join([...issue.path, key]), reason: unknownKeyReason(key, accepted) });
      }
      continue;
    }
    const value = valueAt(input, issue.path);
    out.push({ property: join(issue.path) || "(inputs)", reason: reasonOf(issue, value, secret(issue.path)) });
  }
  return out;
}

const join = (path: readonly PropertyKey[]) => path.map(String).join(".");

function unknownKeyReason(key: string, accepted: string[] | undefined): string {
  if (!accepted || accepted.length === 0) return "is not a known property";
  const near = closest(key, accepted);
  return `is not a known property${near ? ` (did you mean "${near}"?)` : ""}; accepted: ${accepted.join(", ")}`;
}

/** Zod's own wording (as opposed to a message the schema wrote, which is kept). */
const ZOD_WORDING = /^(Invalid input|Invalid option|Too small|Too big|Invalid string|Invalid)\b/;

function reasonOf(issue: Issue, value: unknown, isSecret: boolean): string {
  const got = value === undefined ? "" : isSecret ? " (the value is a secret and not shown)" : ` (got ${show(value)})`;
  if (!ZOD_WORDING.test(issue.message)) {
    // The schema's own words say what is allowed; add the value unless they already show it.
    return isSecret || value === undefined || mentions(issue.message, show(value)) ? issue.message : `${issue.message}${got}`;
  }
  switch (issue.code) {
    case "invalid_type":
      return value === undefined
        ? `is required: ${article(issue.expected)}`
        : `must be ${article(issue.expected)}${got}${asConfig(issue.expected, value)}`;
    case "invalid_union": {
      const expected = [
        ...new Set(
          issue.errors
            .flat()
            .filter((e) => e.code === "invalid_type")
            .map((e) => article((e as { expected: string }).expected)),
        ),
      ];
      if (expected.length > 0 && expected.length === issue.errors.length) return `must be ${list(expected)}${got}`;
      return `${issue.message}${got}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${got}`;
    case "too_small":
    case "too_big":
      return `${bound(issue)}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

/** A number or boolean written as a string is what `config.require` returns: name the reader that converts it. */
function asConfig(expected: string, value: unknown): string {
  if (typeof value !== "string") return "";
  const reader =
    expected === "number" && value.trim() !== "" && Number.isFinite(Number(value))
      ? "requireNumber"
      : expected === "boolean" && (value === "true" || value === "false")
        ? "requireBoolean"
        : undefined;
  return reader ? `: stack config values are strings, read it with config.${reader}` : "";
}

function bound(issue: Extract<Issue, { code: "too_small" | "too_big" }>): string {
  const small = issue.code === "too_small";
  const limit = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
  const unit = issue.origin === "string" ? " characters" : issue.origin === "array" || issue.origin === "set" ? " items" : "";
  const strict = issue.inclusive === false;
  return `must be ${small ? (strict ? "more than" : "at least") : strict ? "less than" : "at most"} ${String(limit)}${unit}`;
}

function article(type: string): string {
  const words: Record<string, string> = {
    int: "an integer",
    object: "an object",
    array: "an array",
    boolean: "a boolean (true or false)",
    string: "a string",
    number: "a number",
    record: "an object",
  };
  return words[type] ?? `a ${type}`;
}

const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * The message already shows the value as a token of its own: 0 is not shown by "between 16 and
 * 5120", nor 16 by "16.5".
 */
function mentions(message: string, shown: string): boolean {
  for (let at = message.indexOf(shown); at >= 0; at = message.indexOf(shown, at + 1)) {
    const before = message[at - 1] ?? "";
    const rest = message.slice(at + shown.length, at + shown.length + 2);
    // A full stop ends a sentence; a dot before a digit or letter continues the number or name.
    if (!/[\w.]/.test(before) && !/^(\w|\.\w)/.test(rest)) return true;
  }
  return false;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[k as any];
  }
  return v;
}

/** The property names the (sub)schema at `path` accepts, through wrappers, pipes, records and arrays. */
export function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let s: any = unwrap(schema);
  for (const k of path) {
    if (!s) return undefined;
    if (s.shape && typeof s.shape === "object") s = unwrap(s.shape[k as string]);
    else if (s.def?.type === "record") s = unwrap(s.def.valueType);
    else if (s.def?.type === "array") s = unwrap(s.def.element);
    else return undefined;
  }
  return s?.shape && typeof s.shape === "object" ? Object.keys(s.shape) : undefined;
}

function unwrap(schema: unknown): any {
  let s: any = schema;
  for (let depth = 0; s && depth < 10; depth++) {
    if (s.shape && typeof s.shape === "object") return s;
    const type = s.def?.type;
    if (type === "record" || type === "array") return s;
    const next = s.def?.in ?? s.def?.innerType ?? s.def?.schema;
    if (!next) return s;
    s = next;
  }
  return s;
}

/**
 * The accepted key nearest to `key`, when it is near enough to be a typo: one that starts with it
 * (`duration` → `durationHours`), or one or two edits away (case-insensitive; two only for long keys).
 */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  if (lower.length >= 4) {
    const prefixed = candidates.find((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
    if (prefixed) return prefixed;
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(key.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= (key.length >= 10 ? 2 : 1) ? best : undefined;
}

function distance(a: string, b: string): number {
  // Optimal string alignment: a swap of two neighbouring letters ("verison") is one edit, as typed.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
