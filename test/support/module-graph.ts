// The modules of src/ and simulator/src as the TypeScript parser sees them, without type-checking
// (a full program takes tens of seconds): each file's imports, re-exports and exported names, with
// relative specifiers resolved to files. Read by test/unit/import-graph.test.ts (no circles) and
// test/unit/production-exports.test.ts (no export only tests use).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

export const ROOT = resolve(__dirname, "../..");

/** One import or re-export of a module: `names` are the imported names (`*`: the whole module). */
export interface ModuleEdge {
  /** The file it names, repository-relative; undefined for a package. */
  target: string | undefined;
  spec: string;
  /** Names taken from the target: `import { a }`, `ns.a` of `import * as ns`, `const { a } = await import(…)`; `*` when it cannot be told. */
  names: string[];
  /** `export … from`: the names pass through (exported as `as`, or every name for `export *`). */
  reexport?: { star: boolean; namespace?: string; as: Map<string, string> };
  typeOnly: boolean;
}

export interface ModuleInfo {
  file: string;
  edges: ModuleEdge[];
  /** Names this file declares and exports itself. */
  exports: Set<string>;
  /** Exported names the file itself uses (beyond declaring and exporting them). */
  usedInside: Set<string>;
  /** The public members (methods, properties, accessors; `static` ones too) of each exported class, overrides left out. */
  classMembers: Map<string, string[]>;
  /** Every member name the file reads: `x.name`, `x["name"]`, `{ name } = x`. */
  accessed: Set<string>;
}

/** The `.ts` files under `dir` (repository-relative), declarations excluded. */
export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(ROOT, d)).sort()) {
      const rel = join(d, name);
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** The file a relative specifier names (`./x` → x.ts or x/index.ts; `.js` as compiled), undefined for a package. */
export function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(ROOT, dirname(from), spec.replace(/\.js$/, ""));
  for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
    try {
      if (statSync(candidate).isFile()) return relative(ROOT, candidate);
    } catch {
      // not this candidate
    }
  }
  throw new Error(`${from}: cannot resolve ${spec}`);
}

const hasExportModifier = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** A property or member name (`x.name`, `{ name: 1 }`, `name(): void`): the same text, not the same symbol. */
function isMemberName(node: ts.Identifier): boolean {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) return (ts.isPropertyAccessExpression(p) ? p.name : p.right) === node;
  if (
    ts.isPropertyAssignment(p) ||
    ts.isPropertySignature(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isMethodSignature(p) ||
    ts.isGetAccessor(p) ||
    ts.isSetAccessor(p) ||
    ts.isEnumMember(p)
  )
    return p.name === node;
  if (ts.isBindingElement(p)) return p.propertyName === node;
  return false;
}

function publicMembers(node: ts.ClassDeclaration): string[] {
  const hidden = [
    ts.SyntaxKind.PrivateKeyword,
    ts.SyntaxKind.ProtectedKeyword,
    ts.SyntaxKind.OverrideKeyword,
    ts.SyntaxKind.DeclareKeyword,
  ];
  return node.members
    .filter((m) => ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m) || ts.isGetAccessor(m))
    .filter((m) => !(ts.getModifiers(m) ?? []).some((mod) => hidden.includes(mod.kind)))
    .map((m) => m.name)
    .filter((n): n is ts.Identifier => !!n && ts.isIdentifier(n))
    .map((n) => n.text);
}

/** Parses one file. */
export function readModule(file: string): ModuleInfo {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022, true);
  const edges: ModuleEdge[] = [];
  const exports = new Set<string>();
  /** Identifier nodes that only declare or export a name (not a use of it). */
  const declaring = new Set<ts.Node>();
  const namespaces = new Map<string, ModuleEdge>();
  const classMembers = new Map<string, string[]>();
  const accessed = new Set<string>();

  const edge = (spec: string, names: string[], typeOnly: boolean, reexport?: ModuleEdge["reexport"]): ModuleEdge => {
    const e = { target: resolveSpecifier(file, spec), spec, names, typeOnly, reexport };
    edges.push(e);
    return e;
  };

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const spec = statement.moduleSpecifier.text;
      const typeOnly = !!clause?.isTypeOnly;
      const names: string[] = [];
      if (clause?.name) names.push("default");
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) names.push((el.propertyName ?? el.name).text);
      }
      const e = edge(spec, names, typeOnly);
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.set(bindings.name.text, e);
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const as = new Map<string, string>();
        if (clause && ts.isNamedExports(clause)) for (const el of clause.elements) as.set((el.propertyName ?? el.name).text, el.name.text);
        const namespace = clause && ts.isNamespaceExport(clause) ? clause.name.text : undefined;
        edge(statement.moduleSpecifier.text, namespace || !clause ? ["*"] : [...as.keys()], statement.isTypeOnly, {
          star: !clause,
          namespace,
          as,
        });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) {
          exports.add(el.name.text);
          declaring.add(el.name);
          if (el.propertyName) declaring.add(el.propertyName);
        }
      }
    } else if (ts.isExportAssignment(statement)) {
      exports.add("default");
    } else if (hasExportModifier(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) {
            exports.add(d.name.text);
            declaring.add(d.name);
          }
        }
      } else {
        const name = (statement as ts.DeclarationStatement).name;
        if (name && ts.isIdentifier(name)) {
          exports.add(name.text);
          declaring.add(name);
          if (ts.isClassDeclaration(statement)) classMembers.set(name.text, publicMembers(statement));
        }
      }
    }
  }

  // Dynamic imports, require() and `import("…")` types anywhere in the file; `ns.x` of namespace imports.
  const namespaceUses = new Map<ModuleEdge, Set<string>>();
  const usedInside = new Set<string>();
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    ) {
      // `const { a, b: c } = await import("./x")` takes a and b; anything else may take every name.
      let holder: ts.Node = node.parent;
      if (ts.isAwaitExpression(holder)) holder = holder.parent;
      const names =
        ts.isVariableDeclaration(holder) && ts.isObjectBindingPattern(holder.name)
          ? holder.name.elements.map((el) => ((el.propertyName ?? el.name) as ts.Identifier).text)
          : ["*"];
      edge(node.arguments[0].text, names, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const qualifier = node.qualifier
        ? ts.isIdentifier(node.qualifier)
          ? node.qualifier.text
          : node.qualifier.getText(source).split(".")[0]
        : "*";
      edge(node.argument.literal.text, [qualifier], true);
    } else if (ts.isPropertyAccessExpression(node)) {
      accessed.add(node.name.text);
    } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
      accessed.add(node.argumentExpression.text);
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = node.propertyName ?? node.name;
      if (ts.isIdentifier(key)) accessed.add(key.text);
    }
    if (ts.isIdentifier(node)) {
      const ns = namespaces.get(node.text);
      const parent = node.parent;
      if (ns && !ts.isNamespaceImport(parent)) {
        const names = namespaceUses.get(ns) ?? new Set<string>();
        namespaceUses.set(ns, names);
        if ((ts.isPropertyAccessExpression(parent) && parent.expression === node) || (ts.isQualifiedName(parent) && parent.left === node)) {
          names.add(ts.isPropertyAccessExpression(parent) ? parent.name.text : parent.right.text);
        } else {
          names.add("*");
        }
      }
      if (exports.has(node.text) && !declaring.has(node) && !isMemberName(node)) usedInside.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const [ns, names] of namespaceUses) ns.names.push(...names);
  return { file, edges, exports, usedInside, classMembers, accessed };
}

export function readModules(dirs: string[]): Map<string, ModuleInfo> {
  return new Map(dirs.flatMap(tsFiles).map((f) => [f, readModule(f)]));
}

/**
 * Every import circle among `modules`, each as the files in order with the first repeated at the end
 * ("a.ts → b.ts → a.ts"): one circle per strongly connected component, found by Tarjan's algorithm.
 */
export function importCircles(modules: Map<string, ModuleInfo>): string[][] {
  const next = (f: string) => [
    ...new Set(
      modules
        .get(f)!
        .edges.map((e) => e.target)
        .filter((t): t is string => !!t && modules.has(t)),
    ),
  ];
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next(v).includes(v)) components.push(component);
    }
  };
  for (const f of modules.keys()) if (!index.has(f)) connect(f);
  // One concrete circle through each component: a shortest path back to its first file.
  return components.map((component) => {
    const inside = new Set(component);
    const start = [...component].sort()[0];
    const from = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of next(v).filter((x) => inside.has(x))) {
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(from.get(path[0])!);
          return [...path, start];
        }
        if (!from.has(w)) {
          from.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

/**
 * Where an imported name of `file` is declared: follows `export … from` (named, `*`) to the module
 * that declares it. Undefined when no module declares it (a package's name).
 */
export function originOf(
  modules: Map<string, ModuleInfo>,
  file: string,
  name: string,
  seen = new Set<string>(),
): { file: string; name: string } | undefined {
  const m = modules.get(file);
  if (!m || seen.has(file)) return undefined;
  seen.add(file);
  if (m.exports.has(name)) return { file, name };
  for (const e of m.edges) {
    if (!e.reexport || !e.target) continue;
    if (e.reexport.namespace === name) return { file: e.target, name: "*" };
    const inner = [...e.reexport.as].find(([, outer]) => outer === name)?.[0] ?? (e.reexport.star ? name : undefined);
    if (inner === undefined) continue;
    const found = originOf(modules, e.target, inner, seen);
    if (found) return found;
  }
  return undefined;
}

/** Every `file#name` a module exports, followed to where it is declared (`export * as ns` opens ns's module too). */
export function exportedSurface(
  modules: Map<string, ModuleInfo>,
  file: string,
  into = new Set<string>(),
  seen = new Set<string>(),
): Set<string> {
  const m = modules.get(file);
  if (!m || seen.has(file)) return into;
  seen.add(file);
  for (const name of m.exports) into.add(`${file}#${name}`);
  for (const e of m.edges) {
    if (!e.reexport || !e.target) continue;
    if (e.reexport.star || e.reexport.namespace) {
      exportedSurface(modules, e.target, into, seen);
    } else {
      for (const inner of e.reexport.as.keys()) {
        const o = originOf(modules, e.target, inner);
        if (o) into.add(`${o.file}#${o.name}`);
      }
    }
  }
  return into;
}
