// src/kinds-meta.ts is what the resource classes read instead of the runtime (so that a program
// declaring resources loads no schema code); test/unit/generated.test.ts keeps it what the field
// tables say. Here: the classes' static imports never reach the runtime nor zod.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

describe("the public classes", () => {
  it("declaring a resource loads neither zod nor the runtime: the static imports of src/index.ts never reach them", () => {
    // Static imports only (`import type`, `export type` and `await import(...)` load nothing at
    // declaration time); the provider modules are reached through provider.ts's require of them.
    const root = resolve(__dirname, "../../src");
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      const specs = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?"([^"]+)"/gm)].map((m) => m[1]);
      if (file.endsWith("provider.ts"))
        specs.push(...readdirSync(join(root, "providers")).map((f) => `./providers/${f.replace(/\.ts$/, "")}`));
      for (const spec of specs) {
        if (!spec.startsWith(".")) {
          external.add(spec);
          continue;
        }
        const target = resolve(dirname(file), spec);
        visit(existsSync(`${target}.ts`) ? `${target}.ts` : join(target, "index.ts"));
      }
    };
    visit(join(root, "index.ts"));
    const files = [...seen].map((f) => relative(root, f));
    expect(files).toContain("resource-class.ts");
    expect(files).toContain(join("providers", "scp-Cluster.ts"));
    expect(files.filter((f) => f === "runtime.ts" || f.startsWith(`core${sep}resource`) || f.endsWith("definition.ts"))).toEqual([]);
    expect([...external].filter((m) => m === "zod" || m.startsWith("zod/"))).toEqual([]);
  });
});
