// `npm run kinds` (scripts/kinds.js runs this from dist/): every file that follows from the
// registry (src/registry.ts), as Prettier formats it. test/unit/generated.test.ts calls the same
// function on the sources and fails when a file on disk differs, or when one is left over.
//   src/<cloud>/generated/<kind>.ts  the public class and its Args (emit-class.ts)
//   src/<cloud>/generated/index.ts   the namespace's classes, re-exported by src/<cloud>/index.ts
//   src/providers/<cloud>-<Type>.ts  the provider module whose export the engine stores
//   src/kinds-meta.ts                what the classes need before any RPC, so they load no schema code

import { join } from "node:path";
import { providerModuleName } from "../provider";
import { REGISTRY, type Registered } from "../registry";
import { kindMeta } from "../runtime";
import { classFile, emitClass, generatedBy, moduleName } from "./emit-class";

/** The directories that hold only generated files: a file there that is not generated is stale. */
export const GENERATED_DIRS = ["src/scp/generated", "src/selectel/generated", "src/acloud/generated", "src/providers"];

const kindOf = (r: Registered) => r.definition.kind;

function providerModule(r: Registered): string {
  return [
    generatedBy("src/registry.ts"),
    `// The ${kindOf(r)} provider: this module's export is what the engine stores (see src/provider.ts).`,
    'import { providerFor } from "../provider";',
    `module.exports = providerFor(${JSON.stringify(kindOf(r))});`,
    "",
  ].join("\n");
}

function namespaceIndex(namespace: string, kinds: Registered[]): string {
  return [
    generatedBy("src/registry.ts"),
    `// The ${namespace} namespace's classes and their Args, re-exported by src/${namespace}/index.ts.`,
    ...kinds.map((r) => `export * from "./${moduleName(kindOf(r))}";`),
    "",
  ].join("\n");
}

function kindsMeta(): string {
  const rows = [...REGISTRY]
    .sort((a, b) => kindOf(a).localeCompare(kindOf(b)))
    .map((r) => {
      const meta = kindMeta(kindOf(r));
      const computed = Object.entries(r.class.computed);
      return [
        `  ${JSON.stringify(kindOf(r))}: {`,
        `    inputs: ${JSON.stringify(meta.inputs)},`,
        `    secrets: ${JSON.stringify(meta.secrets)},`,
        `    computed: ${JSON.stringify(computed.map(([k]) => k))},`,
        `    secretOutputs: ${JSON.stringify(computed.filter(([, o]) => o.secret).map(([k]) => k))},`,
        `    autoNamed: ${meta.autoNamed},`,
        `    uniqueName: ${meta.uniqueName},`,
        ...(r.class.ownsInputOf ? [`    ownsInputOf: ${JSON.stringify(r.class.ownsInputOf)},`] : []),
        "  },",
      ].join("\n");
    });
  return `${generatedBy("src/registry.ts")}
// What each resource class needs before any RPC, so that declaring resources in a program loads no
// schema code (zod and the definitions load only in the provider process).

export interface KindMeta {
  /** Every input of the field table (of all variants): each is also an output. */
  readonly inputs: readonly string[];
  /** Inputs stored as secrets whatever the program passes. */
  readonly secrets: readonly string[];
  /** The values the API computes: outputs besides the inputs. */
  readonly computed: readonly string[];
  /** Computed outputs stored as secrets (a connection string). */
  readonly secretOutputs: readonly string[];
  /** \`name\` may be left out: check makes one up. */
  readonly autoNamed: boolean;
  /** Two live objects may not share a name: replacements delete first. */
  readonly uniqueName: boolean;
  /** One setting, one owner: the input \`input\` of the \`kind\` resource whose id is passed as \`by\` belongs to this kind. */
  readonly ownsInputOf?: { readonly kind: string; readonly input: string; readonly by: string };
}

export const KIND_META: Readonly<Record<string, KindMeta>> = {
${rows.join("\n")}
};
`;
}

/** Every generated file (path from the repository root → text), before formatting. */
export function generatedSources(): Map<string, string> {
  const files = new Map<string, string>();
  const namespaces = new Map<string, Registered[]>();
  for (const r of REGISTRY) {
    const namespace = kindOf(r).split(":")[0];
    namespaces.set(namespace, [...(namespaces.get(namespace) ?? []), r]);
    files.set(classFile(kindOf(r)), emitClass(r));
    files.set(`src/providers/${providerModuleName(kindOf(r))}.ts`, providerModule(r));
  }
  for (const [namespace, kinds] of namespaces) files.set(`src/${namespace}/generated/index.ts`, namespaceIndex(namespace, kinds));
  files.set("src/kinds-meta.ts", kindsMeta());
  return files;
}

/** Every generated file as Prettier writes it (with the repository's .prettierrc.json). */
export async function generatedFiles(root: string): Promise<Map<string, string>> {
  const prettier = await import("prettier");
  const out = new Map<string, string>();
  for (const [path, text] of generatedSources()) {
    const file = join(root, path);
    const options = (await prettier.resolveConfig(file)) ?? {};
    out.set(path, await prettier.format(text, { ...options, filepath: file }));
  }
  return out;
}
