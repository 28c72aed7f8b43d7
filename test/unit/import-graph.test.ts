// No import circles in the provider (src/) nor the simulator (simulator/src): a module that imports
// one that imports it back loads half-initialised under CommonJS, and a circle means two modules
// that cannot be read apart. Type-only imports count too: they still tie the two modules together,
// and a value import added later would turn them into a load-order bug.
import { describe, expect, it } from "vitest";
import { importCircles, readModule, readModules } from "../support/module-graph";

describe("the import graph", () => {
  it("of src/ and simulator/src has no circle", () => {
    const modules = readModules(["src", "simulator/src"]);
    expect(modules.size).toBeGreaterThan(150);
    const circles = importCircles(modules).map((c) => c.join(" → "));
    expect(circles, `import circles:\n${circles.join("\n")}`).toEqual([]);
  });

  it("sees imports, re-exports, type-only imports, dynamic imports and import() types", () => {
    const index = readModule("src/scp/index.ts");
    const targets = index.edges.map((e) => e.target);
    expect(targets).toEqual(
      expect.arrayContaining(["src/scp/types.ts", "src/scp/generated/index.ts", "src/scp/cachestore/backups.ts", "src/scp/log-export.ts"]),
    );
    expect(index.edges.find((e) => e.target === "src/scp/log-export.ts")!.names).toEqual(["exportLogNow"]);
    const kit = readModule("src/scp/kit/endpoints.ts");
    expect(kit.edges.find((e) => e.target === "src/scp/client.ts")!.typeOnly).toBe(true);
  });
});
