// The public classes' declarations as a reader of the shipped `.d.ts` sees them: interface and
// class members with their doc comments, read from the source with the TypeScript compiler API.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";

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
 * files the shipped declarations may import (test/unit/public-declarations.test.ts). */
export const PUBLIC_FILES = [
  "src/scp/index.ts",
  "src/scp/cluster-args.ts",
  "src/scp/cluster-class.ts",
  "src/scp/replica-class.ts",
  "src/scp/setting-classes.ts",
  "src/scp/types.ts",
  "src/selectel/index.ts",
  "src/selectel/cluster-class.ts",
  "src/selectel/setting-classes.ts",
  "src/selectel/types.ts",
  "src/acloud/index.ts",
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

/** Every public class with its kind and Args interfaces (scp.Cluster: one per engine). */
export const PUBLIC_CLASSES: { file: string; className: string; kind: string; args: { file: string; name: string; variant?: string }[] }[] =
  [
    {
      file: "src/scp/cluster-class.ts",
      className: "Cluster",
      kind: "scp:Cluster",
      args: [
        { file: "src/scp/cluster-args.ts", name: "PostgresqlClusterArgs", variant: "postgresql" },
        { file: "src/scp/cluster-args.ts", name: "CacheStoreClusterArgs", variant: "cachestore" },
        { file: "src/scp/cluster-args.ts", name: "EventStreamsClusterArgs", variant: "eventstreams" },
      ],
    },
    {
      file: "src/scp/replica-class.ts",
      className: "Replica",
      kind: "scp:Replica",
      args: [{ file: "src/scp/replica-class.ts", name: "ReplicaArgs" }],
    },
    {
      file: "src/scp/setting-classes.ts",
      className: "BackupPolicy",
      kind: "scp:BackupPolicy",
      args: [{ file: "src/scp/setting-classes.ts", name: "BackupPolicyArgs" }],
    },
    {
      file: "src/scp/setting-classes.ts",
      className: "LogExportConfig",
      kind: "scp:LogExportConfig",
      args: [{ file: "src/scp/setting-classes.ts", name: "LogExportConfigArgs" }],
    },
    {
      file: "src/selectel/cluster-class.ts",
      className: "Cluster",
      kind: "selectel:Cluster",
      args: [{ file: "src/selectel/cluster-class.ts", name: "ClusterArgs" }],
    },
    {
      file: "src/selectel/index.ts",
      className: "User",
      kind: "selectel:User",
      args: [{ file: "src/selectel/index.ts", name: "UserArgs" }],
    },
    {
      file: "src/selectel/index.ts",
      className: "Database",
      kind: "selectel:Database",
      args: [{ file: "src/selectel/index.ts", name: "DatabaseArgs" }],
    },
    {
      file: "src/selectel/index.ts",
      className: "Grant",
      kind: "selectel:Grant",
      args: [{ file: "src/selectel/index.ts", name: "GrantArgs" }],
    },
    {
      file: "src/selectel/index.ts",
      className: "Topic",
      kind: "selectel:Topic",
      args: [{ file: "src/selectel/index.ts", name: "TopicArgs" }],
    },
    { file: "src/selectel/index.ts", className: "Acl", kind: "selectel:Acl", args: [{ file: "src/selectel/index.ts", name: "AclArgs" }] },
    {
      file: "src/selectel/index.ts",
      className: "Extension",
      kind: "selectel:Extension",
      args: [{ file: "src/selectel/index.ts", name: "ExtensionArgs" }],
    },
    {
      file: "src/selectel/setting-classes.ts",
      className: "LogExportConfig",
      kind: "selectel:LogExportConfig",
      args: [{ file: "src/selectel/setting-classes.ts", name: "LogExportConfigArgs" }],
    },
    {
      file: "src/selectel/setting-classes.ts",
      className: "BackupPolicy",
      kind: "selectel:BackupPolicy",
      args: [{ file: "src/selectel/setting-classes.ts", name: "BackupPolicyArgs" }],
    },
    {
      file: "src/acloud/index.ts",
      className: "ClusterUpgrade",
      kind: "acloud:ClusterUpgrade",
      args: [{ file: "src/acloud/index.ts", name: "ClusterUpgradeArgs" }],
    },
  ];

/** The output properties a class declares (`declare readonly x: pulumi.Output<…>`). */
export const declaredOutputs = (file: string, className: string): string[] =>
  classMembers(file, className)
    .filter((m) => m.isDeclare && !m.isStatic)
    .map((m) => m.name);
