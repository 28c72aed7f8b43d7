import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderFieldTables } from "../../src/core/docs";
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
