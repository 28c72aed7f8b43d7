// `npm run docs` and `npm run kinds`: rewrites the generated tables of the reference pages from the code: each
// resource's property → endpoint table (one per engine for scp:Cluster) in its page under
// docs/resources/ (its `page` in src/registry.ts), and the tuning variables' table in docs/waits.md, each after
// its `<!-- generated: … -->` marker (test/unit/readme-tables.test.ts fails when a page is stale).
// `npm run docs` then runs TypeDoc (typedoc.json), which writes the API reference to docs/api/ from the doc
// comments, which `npm run kinds` writes from the same field tables.
const { readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { REFERENCE_PAGES, TUNING_PAGE, renderFieldTables, renderTuningTable, tableMarker, withTable } = require("../dist/core/docs");
const { definitionOf, kinds } = require("../dist/runtime");

const ROOT = path.join(__dirname, "..");
const tables = [{ page: TUNING_PAGE, title: "tuning variables", table: renderTuningTable() }];
for (const kind of kinds()) {
  const page = REFERENCE_PAGES[kind];
  if (!page) throw new Error(`${kind} has no reference page: give its line in src/registry.ts a \`page\``);
  for (const { title, table } of renderFieldTables(definitionOf(kind))) tables.push({ page, title, table });
}
for (const { page, title, table } of tables) {
  const file = path.join(ROOT, page);
  const text = readFileSync(file, "utf8");
  const next = withTable(text, tableMarker(title), table);
  if (next === undefined) throw new Error(`${page} has no marker ${tableMarker(title)}: add it where the table belongs`);
  if (next !== text) {
    writeFileSync(file, next);
    console.log(`${page}: ${title} table updated`);
  }
}
