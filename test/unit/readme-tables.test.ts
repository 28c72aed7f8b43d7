import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderFieldTable } from "../../src/core/docs";
import { definitionOf } from "../../src/runtime";

// The README's property → endpoint tables are rendered from the field tables: they must match.
describe("README property tables", () => {
  const readme = readFileSync(resolve(__dirname, "../../README.md"), "utf8");
  it.each(["scp:Cluster"])("%s table is current (regenerate with `npx tsx scripts/docs.ts`)", (kind) => {
    expect(readme).toContain(renderFieldTable(definitionOf(kind)));
  });
});
