// The type printer of `npm run kinds`: a field's zod schema as the TypeScript type a program writes
// (`inputType`, every level a `pulumi.Input`, as Pulumi's own SDKs type their Args) and reads back
// (`outputType`, the checked value: defaults applied, transforms' results). Object schemas print as
// the named interfaces core/ts-type.ts gives them, and a transform prints its declared result: a
// schema this printer cannot read throws, naming the field, so nothing is ever published as `any`.

import { tsTypeOf } from "../core/ts-type";

/** The part of a zod v4 schema the printer reads (`schema._zod.def`). */
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
  values?: unknown[];
  entries?: Record<string, string | number>;
  shape?: Record<string, Schema>;
}
interface Schema {
  _zod: { def: Def };
}

const defOf = (s: Schema): Def => s._zod.def;

export class UnprintableSchema extends Error {}

/** `a | b`, parenthesised where it is an array's element. */
const union = (parts: string[]): string => [...new Set(parts)].join(" | ");
const element = (t: string): string => (t.includes(" | ") || t.includes("=>") ? `(${t})` : `${t}`);

/** The object schema of a definition, under refinements and whole-object transforms. */
export function shapeOf(schema: unknown): Record<string, Schema> | undefined {
  let s = schema as Schema | undefined;
  for (let depth = 0; s && depth < 8; depth++) {
    const d = defOf(s);
    if (d.type === "object" && d.shape) return d.shape;
    s = d.in ?? d.innerType;
  }
  return undefined;
}

/** Whether a program may leave the field out: `.optional()` or `.default(…)` at its top. */
export function isOptional(schema: Schema): boolean {
  const d = defOf(schema);
  if (d.type === "optional" || d.type === "default") return true;
  if (d.type === "pipe") return isOptional(d.in!);
  return false;
}

function literal(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}

/** Scalars and unions, the same on both sides; undefined for what each side prints its own way. */
function scalar(s: Schema, side: (s: Schema) => string): string | undefined {
  const d = defOf(s);
  switch (d.type) {
    case "string":
    case "number":
    case "boolean":
    case "null":
    case "undefined":
      return d.type;
    case "enum":
      return union(Object.values(d.entries ?? {}).map(literal));
    case "literal":
      return union((d.values ?? []).map(literal));
    case "union":
      return union((d.options ?? []).map(side));
    case "nullable":
      return union([side(d.innerType!), "null"]);
    default:
      return undefined;
  }
}

/**
 * The type inside a property's `pulumi.Input<…>`: arrays and records take inputs as their
 * elements, a named object its interface with each member an input (`In<BlockStorageArgs>`).
 */
export function inputType(schema: unknown, where: string): string {
  const s = schema as Schema;
  const named = tsTypeOf(s)?.input;
  const d = defOf(s);
  if (named !== undefined) return d.type === "object" ? `In<${named}>` : named;
  const plain = scalar(s, (o) => inputType(o, where));
  if (plain !== undefined) return plain;
  switch (d.type) {
    case "optional":
    case "default":
      return inputType(d.innerType, where);
    case "pipe":
      return inputType(d.in, where);
    case "array":
      return `pulumi.Input<${inputType(d.element, where)}>[]`;
    case "record":
      return `Record<string, pulumi.Input<${inputType(d.valueType, where)}>>`;
    case "object":
      throw new UnprintableSchema(`${where}: an object schema needs a public interface name (tsType(schema, { input, output }))`);
    default:
      throw new UnprintableSchema(`${where}: cannot print a zod "${d.type}" schema as an input type`);
  }
}

/** The type a checked value has (what the property reads back as): defaults applied, `| undefined` when optional. */
export function outputType(schema: unknown, where: string): string {
  const s = schema as Schema;
  const named = tsTypeOf(s)?.output;
  if (named !== undefined) return named;
  const plain = scalar(s, (o) => outputType(o, where));
  if (plain !== undefined) return plain;
  const d = defOf(s);
  switch (d.type) {
    case "optional":
      return union([outputType(d.innerType, where), "undefined"]);
    case "default":
      return outputType(d.innerType, where);
    case "pipe":
      if (defOf(d.out!).type === "transform")
        throw new UnprintableSchema(`${where}: a transform's result has no schema: declare it (tsType(schema, { output }))`);
      return outputType(d.out, where);
    case "array":
      return `${element(outputType(d.element, where))}[]`;
    case "record":
      return `Record<string, ${outputType(d.valueType, where)}>`;
    case "object":
      throw new UnprintableSchema(`${where}: an object schema needs a public interface name (tsType(schema, { input, output }))`);
    default:
      throw new UnprintableSchema(`${where}: cannot print a zod "${d.type}" schema as an output type`);
  }
}
