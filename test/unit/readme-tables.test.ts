import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderFieldTables, renderTuningTable } from "../../src/core/docs";
import { definitionOf, kinds } from "../../src/runtime";

// The README's property → endpoint tables are rendered from the field tables: they must match.
// scp:Cluster has one table per engine.
describe("README property tables", () => {
  const readme = readFileSync(resolve(__dirname, "../../README.md"), "utf8");
  const tables = kinds().flatMap((kind) => renderFieldTables(definitionOf(kind)));
  it.each(tables.map((t) => [t.title, t.table]))("%s table is current (regenerate with `npm run docs`)", (_title, table) => {
    expect(readme).toContain(table);
  });
});

describe("README tuning table", () => {
  it("lists every variable with the rule check and the readers apply (regenerate with `npm run docs`)", () => {
    expect(readFileSync(resolve(__dirname, "../../README.md"), "utf8")).toContain(renderTuningTable());
  });
});
