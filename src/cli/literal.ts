// TypeScript literals for generated programs: what `pulumi-dbaas adopt` prints. Values come from a
// definition's read (already in the shape `check` produces), so only JSON-like data occurs here.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as a program would write it: bare when it is an identifier, quoted otherwise. */
export function keyLiteral(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A double-quoted string (JSON escaping is valid TypeScript). */
export function quote(s: string): string {
  return JSON.stringify(s);
}

/** Code to splice in verbatim (a `config.requireSecret(...)` call) instead of a value. */
export class Code {
  constructor(readonly text: string) {}
}

const INDENT = "  ";
/** Short arrays and objects stay on one line, as a person would write them. */
const ONE_LINE = 80;

/**
 * A value as a TypeScript literal. `keyOrder` orders an object's keys (others follow in their own
 * order), so the output is stable; `indent` is the current indentation.
 */
export function literal(value: unknown, indent = "", keyOrder: readonly string[] = []): string {
  if (value instanceof Code) return value.text;
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a literal`);
    return Object.is(value, -0) ? "0" : String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => literal(v, indent + INDENT));
    const flat = `[${items.join(", ")}]`;
    if (!flat.includes("\n") && indent.length + flat.length <= ONE_LINE) return flat;
    return `[\n${items.map((i) => `${indent}${INDENT}${i},`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const keys = orderedKeys(value as Record<string, unknown>, keyOrder).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    if (keys.length === 0) return "{}";
    const entries = keys.map((k) => `${keyLiteral(k)}: ${literal((value as Record<string, unknown>)[k], indent + INDENT)}`);
    const flat = `{ ${entries.join(", ")} }`;
    if (!flat.includes("\n") && indent.length + flat.length <= ONE_LINE) return flat;
    return `{\n${entries.map((e) => `${indent}${INDENT}${e},`).join("\n")}\n${indent}}`;
  }
  throw new Error(`cannot write a ${typeof value} as a literal`);
}

function orderedKeys(o: Record<string, unknown>, order: readonly string[]): string[] {
  const own = Object.keys(o);
  return [...new Set([...order.filter((k) => own.includes(k)), ...own.filter((k) => !order.includes(k))])];
}

/** A camelCase identifier from words (`orders` + `databasePassword` → `ordersDatabasePassword`). */
export function camel(...parts: string[]): string {
  const words = parts
    .join(" ")
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean);
  const out = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[0-9]/.test(out) ? `x${out}` : out;
}
