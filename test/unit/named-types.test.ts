// The named types the generated classes print for object schemas (core/ts-type.ts: `tsType(schema,
// { input: "BlockStorageArgs", output: "BlockStorage" })`) are written by hand in the namespaces'
// types.ts. Here each one is checked by the TypeScript compiler against the schema it names: the
// interface a program writes and the schema's input accept each other, and every value the schema
// answers is one the interface a program reads describes.
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { tsTypeOf } from "../../src/core/ts-type";
import { inputType, isOptional, outputType, shapeOf } from "../../src/gen/zod-type";
import { REGISTRY } from "../../src/registry";

const ROOT = resolve(__dirname, "../..");

interface Named {
  namespace: string;
  where: string;
  schema: unknown;
  input?: string;
  output?: string;
}

/** Every schema under `schema` given public names, with where it was found. */
function namedUnder(schema: any, namespace: string, where: string, out: Named[]): void {
  if (!schema?._zod) return;
  const names = tsTypeOf(schema);
  const def = schema._zod.def;
  if (names && def.type === "object") out.push({ namespace, where, schema, ...names });
  for (const inner of [def.innerType, def.in, def.out, def.element, def.valueType, ...(def.options ?? [])])
    namedUnder(inner, namespace, where, out);
  if (def.type === "object") for (const [k, s] of Object.entries(def.shape ?? {})) namedUnder(s, namespace, `${where}.${k}`, out);
}

const named: Named[] = [];
for (const { definition } of REGISTRY) {
  const namespace = definition.kind.split(":")[0];
  for (const d of definition.variants ? Object.values(definition.variants.of) : [definition])
    for (const [key, s] of Object.entries(shapeOf(d.schema) ?? {})) namedUnder(s, namespace, `${d.kind} ${key}`, named);
}

/** The object schema as an inline type: each member printed as its side prints it. */
function inline(n: Named, side: "input" | "output"): string {
  const members = Object.entries(shapeOf(n.schema) ?? {}).map(([k, s]) => {
    const optional = side === "input" ? isOptional(s) : outputType(s, k).endsWith("| undefined");
    // `In<T>` (resource-class.ts) gives an optional member `pulumi.Input<T[K]>`, undefined included.
    const input = () => `pulumi.Input<${inputType(s, `${n.where}.${k}`)}${optional ? " | undefined" : ""}>`;
    const type = side === "input" ? input() : outputType(s, `${n.where}.${k}`);
    return `${k}${optional ? "?" : ""}: ${type};`;
  });
  return `{ ${members.join(" ")} }`;
}

describe("named types of object schemas", () => {
  it("are found: the walk sees the annotated schemas", () => {
    expect(named.map((n) => n.input)).toEqual(
      expect.arrayContaining(["BlockStorageArgs", "MaintenanceArgs", "Flavor", "LogExportScheduleArgs"]),
    );
  });

  it("agree with their schemas (checked by the TypeScript compiler)", { timeout: 120_000 }, () => {
    const lines = ['import type * as pulumi from "@pulumi/pulumi";', 'import type { Inputs as In } from "./src/resource-class";'];
    for (const ns of new Set(named.map((n) => n.namespace))) lines.push(`import type * as ${ns} from "./src/${ns}/types";`);
    named.forEach((n, i) => {
      lines.push(`// ${n.where}`);
      if (n.input) {
        lines.push(`type I${i} = ${inline(n, "input")};`);
        lines.push(`export const i${i}a: I${i} = null! as In<${n.namespace}.${n.input}>;`);
        lines.push(`export const i${i}b: In<${n.namespace}.${n.input}> = null! as I${i};`);
      }
      if (n.output) lines.push(`export const o${i}: ${n.namespace}.${n.output} = null! as ${inline(n, "output")};`);
    });
    const file = resolve(ROOT, "named-types-check.ts");
    const text = lines.join("\n");
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      skipLibCheck: true,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) =>
      name === file ? ts.createSourceFile(name, text, version) : getSourceFile(name, version, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      return `${
        d.file === program.getSourceFile(file)
          ? (lines
              .slice(0, where)
              .reverse()
              .find((l) => l.startsWith("//")) ?? "")
          : d.file?.fileName
      }: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    expect(problems).toEqual([]);
  });
});
