// What a user's compiler reads: the declarations `tsc` emits for the package entry (src/index.ts,
// dist/index.d.ts) and for every provider module, followed through their imports. A user's program
// checks each of those files (the `pulumi new typescript` tsconfig has no skipLibCheck), so they
// may import only `@pulumi/pulumi` and the public files (PUBLIC_FILES: Args interfaces, classes,
// named types), never zod (whose declarations fail without esModuleInterop: TS1259) nor the
// internal modules (schemas, clients, core) that lead to it. test/e2e/user-types.test.ts
// type-checks a program against the packed tarball; this check names the import that leaks.
import { readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PUBLIC_FILES } from "../support/declarations";

const ROOT = resolve(__dirname, "../..");
const ENTRY = "src/index.ts";
/** The entry, and the base class every public class extends (its declaration must be reachable). */
const ALLOWED_FILES = new Set([ENTRY, "src/resource-class.ts", ...PUBLIC_FILES]);
const ALLOWED_PACKAGES = new Set(["@pulumi/pulumi"]);
const PROVIDERS = readdirSync(join(ROOT, "src/providers"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => `src/providers/${f}`);

/** Module specifiers of a declaration file: imports, re-exports and `import("…")` types. */
function specifiers(dts: string): string[] {
  const source = ts.createSourceFile("x.d.ts", dts, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The source file a relative specifier of `from` names ("./scp" → src/scp/index.ts). */
function sourceOf(from: string, spec: string): string {
  const base = resolve(ROOT, dirname(from), spec);
  const candidates = [`${base}.ts`, join(base, "index.ts"), base.replace(/\.js$/, ".ts")];
  const hit = candidates.find((c) => ts.sys.fileExists(c));
  if (!hit) throw new Error(`${from}: cannot resolve ${spec}`);
  return relative(ROOT, hit);
}

describe("the declarations a program reaches", () => {
  it("import only @pulumi/pulumi and the public files: no zod, no schema, client or core module", { timeout: 180_000 }, () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, "tsconfig.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    if (!config) throw new Error("tsconfig.json unreadable");
    const options: ts.CompilerOptions = {
      ...config.options,
      declaration: true,
      emitDeclarationOnly: true,
      declarationMap: false,
      sourceMap: false,
      noEmit: false,
    };
    const roots = [ENTRY, ...PROVIDERS];
    const program = ts.createProgram(
      roots.map((f) => join(ROOT, f)),
      options,
    );
    /** The `.d.ts` tsc writes for one source file, emitted in memory. */
    const declarationOf = (file: string): string => {
      let text = "";
      program.emit(
        program.getSourceFile(join(ROOT, file)),
        (name, out) => {
          if (name.endsWith(".d.ts")) text = out;
        },
        undefined,
        true,
      );
      return text;
    };

    const reachedFrom = new Map<string, string>(roots.map((f) => [f, "(entry)"]));
    const leaks: string[] = [];
    const queue = [...roots];
    while (queue.length) {
      const file = queue.shift()!;
      for (const spec of specifiers(declarationOf(file))) {
        if (!spec.startsWith(".")) {
          if (!ALLOWED_PACKAGES.has(spec) && !leaks.includes(`${file} imports ${spec}`)) leaks.push(`${file} imports ${spec}`);
          continue;
        }
        const target = sourceOf(file, spec);
        if (reachedFrom.has(target)) continue;
        reachedFrom.set(target, file);
        if (!ALLOWED_FILES.has(target)) leaks.push(`${file} imports ${target} (not a public file)`);
        queue.push(target);
      }
    }
    expect(leaks).toEqual([]);
    // The walk saw the public surface, not an empty emit.
    for (const f of [
      "src/scp/generated/cluster.ts",
      "src/selectel/generated/cluster.ts",
      "src/acloud/generated/cluster-upgrade.ts",
      "src/scp/types.ts",
    ])
      expect(reachedFrom.has(f), f).toBe(true);
  });
});
