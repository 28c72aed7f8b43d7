// Every code block of the documents (README.md, docs/**/*.md, ARCHITECTURE.md, CONTRIBUTING.md:
// test/support/docs.ts) that claims to be a program or a command is checked here, so a user who
// copies one gets something that compiles or runs:
//   - ```ts blocks are type-checked against the package's own types (`pulumi-dbaas` mapped to
//     src/), together with the example programs. A block with its own imports is a whole program;
//     a block without is a fragment and must say so with `<!-- fragment -->` on the line before,
//     optionally carrying the declarations it assumes (`<!-- fragment: declare const db: … -->`).
//     Fragments get the two imports in front. Snippets are TypeScript: ```js blocks are refused.
//   - ```sh blocks: each command must exist (npm scripts, this package's bins, test paths, known
//     pulumi and git subcommands), `pulumi config set` keys must be keys the provider reads (or,
//     for project keys, keys a documented program or an example reads), and a tarball name must be
//     the one `npm pack` writes. A bin may be this package's or a workspace package's.
//   - Environment variable names quoted anywhere in the documents must be read by the code.
//   - README.md keeps the test command (`npm test`) in a shell block: CI runs what it says.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ts from "typescript";
import { configure } from "../../src/runtime";
import { ROOT, docs } from "../support/docs";

const DOCS = docs();
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

interface Block {
  file: string;
  lang: string;
  line: number;
  body: string;
  marker?: string;
}

/** Fenced blocks with their language, the line of their first body line and the marker before them. */
function blocks(file: string, text: string): Block[] {
  const lines = text.split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(\s*)```(\w*)\s*$/);
    if (!open) continue;
    const indent = open[1].length;
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) j++;
    const body = lines
      .slice(i + 1, j)
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join("\n");
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === "") k--;
    const marker = k >= 0 ? lines[k].trim().match(/^<!--\s*fragment(?::\s*(.*?))?\s*-->$/) : null;
    out.push({ file, lang: open[2], line: i + 2, body, marker: marker ? (marker[1] ?? "") : undefined });
    i = j;
  }
  return out;
}

const all = DOCS.flatMap((d) => blocks(d.path, d.text));
const tsBlocks = all.filter((b) => b.lang === "ts" || b.lang === "typescript");
const shBlocks = all.filter((b) => ["sh", "bash", "shell"].includes(b.lang));
const examples = readdirSync(join(ROOT, "examples"))
  .map((d) => join(ROOT, "examples", d, "index.ts"))
  .filter((f) => existsSync(f));

const hasImports = (code: string) => /^\s*import\s/m.test(code);
const PRELUDE = ['import * as pulumi from "@pulumi/pulumi";', 'import * as dbaas from "pulumi-dbaas";'];

/** Project config keys that a documented program or an example reads (config.get("k"), requireSecret…). */
function projectKeysRead(): Set<string> {
  const sources = [...tsBlocks.map((b) => b.body), ...examples.map((f) => readFileSync(f, "utf8"))];
  const keys = new Set<string>();
  for (const s of sources) for (const m of s.matchAll(/config\.(?:get|require)\w*(?:<[^>]*>)?\(\s*"([^"]+)"/g)) keys.add(m[1]);
  return keys;
}

/** The stack config keys the providers read: what `configure` asks the engine for. */
async function providerConfigKeys(): Promise<Set<string>> {
  const asked = new Set<string>();
  await configure({
    get: (key: string) => {
      asked.add(key);
      return undefined;
    },
  });
  return asked;
}

/** The bins of this package and of its workspace packages (what `npx` finds in a clone). */
function binsOf(): string[] {
  const bins = Object.keys(pkg.bin ?? {});
  const patterns: string[] = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
  for (const pattern of patterns) {
    const dirs = pattern.endsWith("/*")
      ? readdirSync(join(ROOT, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(pattern.slice(0, -2), e.name))
      : [pattern];
    for (const dir of dirs) {
      const file = join(ROOT, dir, "package.json");
      if (!existsSync(file)) continue;
      const ws = JSON.parse(readFileSync(file, "utf8"));
      bins.push(...(typeof ws.bin === "string" ? [String(ws.name).replace(/^@[^/]+\//, "")] : Object.keys(ws.bin ?? {})));
    }
  }
  return bins;
}

describe("documentation code blocks", () => {
  it("finds the blocks (the parser still matches the documents)", () => {
    expect(DOCS.map((d) => d.path)).toEqual(
      expect.arrayContaining(["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "docs/resources/scp-cluster.md"]),
    );
    expect(tsBlocks.length).toBeGreaterThanOrEqual(5);
    expect(shBlocks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(tsBlocks.map((b) => b.file)).size).toBeGreaterThanOrEqual(4);
  });

  it("README.md keeps the test command in a shell block", () => {
    const readme = shBlocks
      .filter((b) => b.file === "README.md")
      .map((b) => b.body)
      .join("\n");
    expect(readme).toMatch(/^npm test\b/m);
  });

  it("has no JavaScript snippets: user-facing code is TypeScript", () => {
    const js = all.filter((b) => b.lang === "js" || b.lang === "javascript");
    expect(js.map((b) => `${b.file}:${b.line}`)).toEqual([]);
  });

  it("marks every TypeScript block without imports as a fragment, and only those", () => {
    const wrong = tsBlocks
      .filter((b) => hasImports(b.body) === (b.marker !== undefined))
      .map(
        (b) =>
          `${b.file}:${b.line}: ` +
          `${hasImports(b.body) ? "a whole program marked as a fragment" : "no imports and no <!-- fragment --> marker"}`,
      );
    expect(wrong).toEqual([]);
  });

  it("type-checks every TypeScript block and every example against the package's types", { timeout: 120_000 }, () => {
    const virtual = new Map<string, { text: string; block?: Block; offset: number }>();
    tsBlocks.forEach((b, n) => {
      const head = b.marker !== undefined ? [...PRELUDE, ...(b.marker ? [b.marker] : [])] : [];
      const text = [...head, b.body, "export {};"].join("\n");
      virtual.set(join(ROOT, ".readme-blocks", `block-${n}.ts`), { text, block: b, offset: head.length });
    });
    const options: ts.CompilerOptions = {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: ["node"],
      skipLibCheck: true,
      noEmit: true,
      baseUrl: ROOT,
      paths: {
        "pulumi-dbaas": ["src/index.ts"],
        "pulumi-dbaas/runtime": ["src/runtime.ts"],
        "pulumi-dbaas-sim": ["simulator/src/index.ts"],
      },
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, lang, onError, create) => {
      const v = virtual.get(resolve(file));
      return v ? ts.createSourceFile(file, v.text, lang) : getSourceFile(file, lang, onError, create);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => virtual.has(resolve(file)) || fileExists(file);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => virtual.get(resolve(file))?.text ?? readFile(file);

    const program = ts.createProgram([...virtual.keys(), ...examples], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file || d.start === undefined) return message;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const v = virtual.get(resolve(d.file.fileName));
      const where = v?.block
        ? line < v.offset
          ? `${v.block.file}:${v.block.line - 1} (fragment marker)`
          : `${v.block.file}:${v.block.line + line - v.offset}`
        : `${d.file.fileName.replace(ROOT + "/", "")}:${line + 1}`;
      return `${where}: ${message}`;
    });
    expect(problems).toEqual([]);
  });

  it("uses only commands that exist, config keys the code reads and the tarball npm pack writes", async () => {
    const providerKeys = await providerConfigKeys();
    const projectKeys = projectKeysRead();
    const bins = binsOf();
    const tarball = `${pkg.name}-${pkg.version}.tgz`;
    const pulumiSubcommands = new Set([
      "up",
      "preview",
      "refresh",
      "destroy",
      "config",
      "stack",
      "cancel",
      "new",
      "login",
      "state",
      "version",
    ]);
    const gitSubcommands = new Set(["clone", "commit", "tag", "push", "pull", "checkout"]);
    const npmSubcommands = new Set(["ci", "install", "pack", "publish", "test", "run", "version", "login"]);
    const problems: string[] = [];

    shBlocks.forEach((b) =>
      b.body.split("\n").forEach((raw, i) => {
        const where = `${b.file}:${b.line + i}`;
        for (const m of raw.matchAll(/[\w.@/-]+\.tgz/g)) {
          if (!m[0].endsWith(tarball)) problems.push(`${where}: ${m[0]} is not the tarball npm pack writes (${tarball})`);
        }
        const line = raw.replace(/(^|\s)#.*$/, "").trim();
        for (const command of line.split(/\s*&&\s*/).filter(Boolean)) {
          const words = command.split(/\s+/);
          const [cmd, sub] = words;
          const rest = words.slice(2);
          if (cmd === "cd" || cmd === "curl") continue;
          if (cmd === "npm") {
            if (!npmSubcommands.has(sub)) problems.push(`${where}: npm ${sub} is not a command these documents should need`);
            if (sub === "run" && !pkg.scripts?.[rest[0]]) problems.push(`${where}: no npm script "${rest[0]}"`);
            if (sub === "test") {
              if (!pkg.scripts?.test) problems.push(`${where}: no npm test script`);
              for (const arg of rest.filter((a) => a.startsWith("test/"))) {
                if (!existsSync(join(ROOT, arg))) problems.push(`${where}: ${arg} does not exist`);
              }
            }
          } else if (cmd === "npx") {
            if (!bins.includes(sub))
              problems.push(`${where}: npx ${sub} is not a bin of this package or its workspaces (${bins.join(", ")})`);
          } else if (cmd === "pulumi") {
            if (!pulumiSubcommands.has(sub)) problems.push(`${where}: pulumi ${sub} is not a pulumi command`);
            if (sub === "config" && rest[0] === "set") {
              const key = rest.slice(1).find((w) => !w.startsWith("--"));
              if (!key) problems.push(`${where}: pulumi config set without a key`);
              else if (key.includes(":") ? !providerKeys.has(key) : !projectKeys.has(key)) {
                problems.push(
                  `${where}: config key ${key} is read by ${key.includes(":") ? "no provider" : "no documented program or example"}`,
                );
              }
            }
          } else if (cmd === "git") {
            if (!gitSubcommands.has(sub)) problems.push(`${where}: git ${sub} is not a command these documents should need`);
          } else {
            problems.push(`${where}: unknown command ${cmd}`);
          }
        }
      }),
    );
    expect(problems).toEqual([]);
  });

  it("names only environment variables the code reads", () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (/\.(ts|js|sh)$/.test(e.name)) sources.push(readFileSync(join(dir, e.name), "utf8"));
      }
    };
    // The provider's code, and for the contributor's documents the test set-up that reads its own knobs.
    for (const dir of ["src", "test/support", "scripts"]) walk(join(ROOT, dir));
    sources.push(readFileSync(join(ROOT, "vitest.config.mts"), "utf8"));
    const code = sources.join("\n");
    const named = new Set(
      [
        ...DOCS.map((d) => d.text)
          .join("\n")
          .matchAll(/`((?:SCP|SELECTEL|OS|DBAAS|ACLOUD|INFRA)_[A-Z0-9_]+)`/g),
      ].map((m) => m[1]),
    );
    expect(named.size).toBeGreaterThan(10);
    const unread = [...named].filter((name) => !new RegExp(`["'.\\[]${name}\\b`).test(code));
    expect(unread).toEqual([]);
  });
});
