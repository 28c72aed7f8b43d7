import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REFERENCE_PAGES, TUNING_PAGE, renderFieldTables, renderTuningTable, tableMarker, withTable } from "../../src/core/docs";
import { definitionOf, kinds } from "../../src/runtime";

// The reference pages' property → endpoint tables (docs/resources/) and the tuning table
// (docs/waits.md) are rendered from the field tables: the table after each generated marker must
// be exactly the rendered one (no stale or extra row). scp:Cluster has one table per engine.
const ROOT = resolve(__dirname, "../..");
const page = (path: string) => readFileSync(resolve(ROOT, path), "utf8");

describe("reference property tables", () => {
  it("every kind has a reference page", () => {
    expect(kinds().filter((kind) => !REFERENCE_PAGES[kind])).toEqual([]);
  });

  const tables = kinds().flatMap((kind) =>
    renderFieldTables(definitionOf(kind)).map((t) => ({ ...t, path: REFERENCE_PAGES[kind] ?? "?" })),
  );
  it.each(tables.map((t) => [t.title, t.path, t.table]))(
    "%s table in %s is current (regenerate with `npm run docs`)",
    (title, path, table) => {
      const text = page(path);
      expect(text, `${path} has no ${tableMarker(title)}`).toContain(tableMarker(title));
      expect(withTable(text, tableMarker(title), table)).toBe(text);
    },
  );

  it("a stale row is caught (the marker's table is compared whole)", () => {
    const text = `${tableMarker("t")}\n| a |\n| --- |\n| old |\n\nafter\n`;
    expect(withTable(text, tableMarker("t"), "| a |\n| --- |")).toBe(`${tableMarker("t")}\n| a |\n| --- |\n\nafter\n`);
  });
});

describe("tuning table", () => {
  it(`lists every variable with the rule check and the readers apply, in ${TUNING_PAGE} (regenerate with \`npm run docs\`)`, () => {
    const text = page(TUNING_PAGE);
    expect(text).toContain(tableMarker("tuning variables"));
    expect(withTable(text, tableMarker("tuning variables"), renderTuningTable())).toBe(text);
  });
});
