// The public classes' declarations as a reader of the shipped `.d.ts` sees them: interface and
// class members with their doc comments, read from the source with the TypeScript compiler API.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { classFile } from "../../src/gen/emit-class";
import { REGISTRY } from "../../src/registry";

export interface Member {
  name: string;
  /** The doc comment's text, lines joined by single spaces ("" when there is none). */
  doc: string;
  /** Start and end offsets of the doc comment in the file (equal when there is none), and where the member starts. */
  docStart: number;
  docEnd: number;
  memberStart: number;
  isStatic: boolean;
  isDeclare: boolean;
}

const ROOT = resolve(__dirname, "../..");

/** Public class and Args sources, relative to the repository root: with src/index.ts and src/resource-class.ts, the only
 * files the shipped declarations may import (test/unit/public-declarations.test.ts). The classes are generated
 * (`npm run kinds`, one module per kind); the named types and the namespaces' entries are written by hand. */
export const PUBLIC_FILES = [
  ...["scp", "selectel", "acloud"].flatMap((ns) => [`src/${ns}/index.ts`, `src/${ns}/types.ts`, `src/${ns}/generated/index.ts`]),
  ...REGISTRY.map((r) => classFile(r.definition.kind)),
];

export function sourceOf(file: string): ts.SourceFile {
  const path = resolve(ROOT, file);
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** The text of a `/** … *\/` comment without its markers, whitespace collapsed. */
export function docText(raw: string): string {
  return raw
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\*\s?/, "").trim())
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

function docOf(node: ts.Node, source: ts.SourceFile) {
  const docs = (node as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const last = docs[docs.length - 1];
  const memberStart = node.getStart(source);
  if (!last) return { doc: "", docStart: memberStart, docEnd: memberStart, memberStart };
  return { doc: docText(last.getText(source)), docStart: last.getStart(source), docEnd: last.getEnd(), memberStart };
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

function find<T extends ts.Node>(source: ts.SourceFile, test: (n: ts.Node) => n is T, name: string): T {
  const found = source.statements.find((s) => test(s) && (s as unknown as { name?: ts.Identifier }).name?.text === name);
  if (!found) throw new Error(`${source.fileName}: no ${name}`);
  return found as T;
}

export function interfaceMembers(file: string, name: string): Member[] {
  const source = sourceOf(file);
  const node = find(source, ts.isInterfaceDeclaration, name);
  return node.members.filter(ts.isPropertySignature).map((m) => ({
    name: (m.name as ts.Identifier).text,
    ...docOf(m, source),
    isStatic: false,
    isDeclare: false,
  }));
}

export function classMembers(file: string, name: string): Member[] {
  const source = sourceOf(file);
  const node = find(source, ts.isClassDeclaration, name);
  return node.members
    .filter((m) => ts.isPropertyDeclaration(m) || ts.isMethodDeclaration(m))
    .map((m) => ({
      name: (m.name as ts.Identifier).text,
      ...docOf(m, source),
      isStatic: hasModifier(m, ts.SyntaxKind.StaticKeyword),
      isDeclare: hasModifier(m, ts.SyntaxKind.DeclareKeyword),
    }));
}

export function classDoc(file: string, name: string): string {
  const source = sourceOf(file);
  return docOf(find(source, ts.isClassDeclaration, name), source).doc;
}

/** Every public class with its kind and Args interfaces (scp.Cluster: one per engine), from the registry. */
export const PUBLIC_CLASSES: { file: string; className: string; kind: string; args: { file: string; name: string; variant?: string }[] }[] =
  REGISTRY.map(({ definition: { kind }, class: spec }) => ({
    file: classFile(kind),
    className: spec.className,
    kind,
    args: spec.variants
      ? Object.entries(spec.variants).map(([variant, v]) => ({ file: classFile(kind), name: v.argsName, variant }))
      : [{ file: classFile(kind), name: `${spec.className}Args` }],
  }));

/** The output properties a class declares (`declare readonly x: pulumi.Output<…>`). */
export const declaredOutputs = (file: string, className: string): string[] =>
  classMembers(file, className)
    .filter((m) => m.isDeclare && !m.isStatic)
    .map((m) => m.name);
