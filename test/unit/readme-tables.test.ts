import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderFieldTable } from "../../src/core/docs";
import { definitionOf, kinds } from "../../src/runtime";

// The README's property → endpoint tables are rendered from the field tables: they must match.
describe("README property tables", () => {
  const readme = readFileSync(resolve(__dirname, "../../README.md"), "utf8");
  it.each(kinds())("%s table is current (regenerate with `npm run docs`)", (kind) => {
    expect(readme).toContain(renderFieldTable(definitionOf(kind)));
  });
});
