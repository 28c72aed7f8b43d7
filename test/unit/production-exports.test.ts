// No test-only code in production modules: every export of the provider (src/) and the simulator
// (simulator/src) is either part of the package's public surface (package.json `exports` and
// `bin`, followed through their re-exports) or used by production code, in another module or its
// own. An export only tests call belongs in test/support; one that tests reach for to exercise a
// function production also uses is fine (the function is real behaviour, tested directly).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportedSurface, originOf, readModules, ROOT, tsFiles, type ModuleInfo } from "../support/module-graph";

/**
 * Exports no production code calls, kept on purpose. Each resets or replaces process-wide state of
 * its module, which a test or a benchmark run needs fresh and which nothing outside the module can
 * reach (a module reload would duplicate the classes the errors are checked against).
 */
const ALLOWED = new Map([
  [
    "src/core/wait.ts#setWaitClock",
    "virtual time for the waiter (test/unit/wait.test.ts, the P1 benchmark): ARCHITECTURE.md, core/wait.ts",
  ],
  ["src/core/catalog-cache.ts#forgetCatalogs", "a cold catalogue cache per scenario (request counts in test/integration/requests.test.ts)"],
  ["src/selectel/client.ts#forgetTokens", "the Selectel auth benchmark compares cached and fresh Keystone tokens"],
]);

/**
 * Class members no production code reads, kept on purpose: the HTTP client's verb helpers make one
 * set with `get` and `delete` (whose names production reads elsewhere, so they are not flagged);
 * production sends endpoint rows (core/endpoints.ts `send`), tests and benchmarks drive the simulator
 * with the helpers.
 */
const ALLOWED_MEMBERS = new Set(["src/core/http.ts#HttpClient.post", "src/core/http.ts#HttpClient.put"]);

interface Package {
  dir: string;
  /** Source modules a package.json path names (`./dist/x.js` → `src/x.ts`, `./providers/*` → every provider module). */
  entries: string[];
  /** Files the package leaves out of its tarball (`!src/…` in `files`): tooling, not production. */
  unshipped: Set<string>;
}

function packageOf(dir: string): Package {
  const json = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8"));
  const at = (p: string) => join(dir, p).replace(/^\.\//, "");
  const paths: string[] = [json.main, ...Object.values<string>(json.bin ?? {})];
  for (const value of Object.values<unknown>(json.exports ?? {})) {
    if (typeof value === "string") paths.push(value);
    else if (value && typeof value === "object") paths.push(...Object.values(value as Record<string, string>));
  }
  const entries = new Set<string>();
  for (const p of paths.filter((x) => /^(\.\/)?dist\/.*\.js$/.test(x))) {
    const source = at(p.replace(/^(\.\/)?dist\//, "src/").replace(/\.js$/, ".ts"));
    if (source.includes("*")) {
      const [head, tail] = source.split("*") as [string, string];
      for (const f of tsFiles(head.replace(/\/[^/]*$/, ""))) if (f.startsWith(head) && f.endsWith(tail)) entries.add(f);
    } else {
      entries.add(source);
    }
  }
  const unshipped = new Set<string>((json.files ?? []).filter((f: string) => f.startsWith("!src/")).map((f: string) => at(f.slice(1))));
  return { dir, entries: [...entries], unshipped };
}

/** `file#name` of every export used by a module under `users` other than its own (followed through re-exports). */
function usedAcross(modules: Map<string, ModuleInfo>, users: (file: string) => boolean): Set<string> {
  const used = new Set<string>();
  for (const m of modules.values()) {
    if (!users(m.file)) continue;
    for (const e of m.edges) {
      if (!e.target || e.reexport) continue;
      for (const name of e.names) {
        if (name === "*") {
          for (const n of modules.get(e.target)?.exports ?? []) used.add(`${e.target}#${n}`);
          continue;
        }
        const o = originOf(modules, e.target, name);
        if (o && o.name === "*") for (const n of modules.get(o.file)?.exports ?? []) used.add(`${o.file}#${n}`);
        else if (o) used.add(`${o.file}#${o.name}`);
      }
    }
  }
  return used;
}

describe("production exports", () => {
  const packages = [packageOf("."), packageOf("simulator")];
  const modules = readModules(["src", "simulator/src"]);

  it("the entry points are the package.json ones", () => {
    expect(packages[0].entries).toEqual(
      expect.arrayContaining(["src/index.ts", "src/runtime.ts", "src/cli/index.ts", "src/providers/scp-Cluster.ts"]),
    );
    expect(packages[1].entries).toEqual(expect.arrayContaining(["simulator/src/index.ts", "simulator/src/cli.ts"]));
    expect(packages[0].unshipped).toEqual(new Set(["src/core/docs.ts", "src/gen"]));
  });

  it("are public or used by production code: none exists only for tests", () => {
    // An unshipped entry is a file or a directory (`!src/gen`: the generator of `npm run kinds`).
    const isProduction = (f: string) => !packages.some((p) => [...p.unshipped].some((u) => f === u || f.startsWith(`${u}/`)));
    const used = usedAcross(modules, isProduction);
    const publicSurface = new Set<string>();
    for (const p of packages) for (const entry of p.entries) exportedSurface(modules, entry, publicSurface);
    const unused: string[] = [];
    for (const m of modules.values()) {
      if (!isProduction(m.file)) continue;
      for (const name of m.exports) {
        const key = `${m.file}#${name}`;
        if (publicSurface.has(key) || used.has(key) || m.usedInside.has(name) || ALLOWED.has(key)) continue;
        unused.push(key);
      }
    }
    expect(
      unused,
      `exports no production code uses (move them to test/support, or unexport and test through the caller):\n${unused.join("\n")}`,
    ).toEqual([]);
    // Members of exported classes outside the public surface: each must be read somewhere in
    // production (a method only tests call, such as a raw `mutate`, belongs in a test-support subclass).
    const accessed = new Set([...modules.values()].filter((m) => isProduction(m.file)).flatMap((m) => [...m.accessed]));
    const unusedMembers: string[] = [];
    for (const m of modules.values()) {
      if (!isProduction(m.file)) continue;
      for (const [cls, members] of m.classMembers) {
        if (publicSurface.has(`${m.file}#${cls}`)) continue;
        for (const member of members)
          if (!accessed.has(member) && !ALLOWED_MEMBERS.has(`${m.file}#${cls}.${member}`)) unusedMembers.push(`${m.file}#${cls}.${member}`);
      }
    }
    expect(unusedMembers, `class members no production code reads:\n${unusedMembers.join("\n")}`).toEqual([]);
    for (const key of ALLOWED_MEMBERS) {
      const [file, member] = key.split("#") as [string, string];
      const [cls, name] = member.split(".") as [string, string];
      expect(modules.get(file)?.classMembers.get(cls), key).toContain(name);
      expect(accessed.has(name), `${key} is read by production now: drop it from ALLOWED_MEMBERS`).toBe(false);
    }
    // Every allowance still names a real export that production does not use.
    for (const key of ALLOWED.keys()) {
      const [file, name] = key.split("#") as [string, string];
      expect(modules.get(file)?.exports.has(name), key).toBe(true);
      expect(used.has(key) || modules.get(file)!.usedInside.has(name), `${key} is used by production now: drop it from ALLOWED`).toBe(
        false,
      );
    }
  });
});
