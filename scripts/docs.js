// `npm run docs`: prints the tuning variables' table and every resource's property → endpoint table (one per engine for
// scp:Cluster), rendered from its field table, for README.md (test/unit/readme-tables.test.ts
// fails when the README is stale); the script then runs TypeDoc (typedoc.json), which writes the
// API reference to docs/api/ from the doc comments (test/unit/doc-comments.test.ts keeps those in
// line with the same field tables).
const { renderFieldTables, renderTuningTable } = require("../dist/core/docs");
const { definitionOf, kinds } = require("../dist/runtime");

console.log(`#### Tuning variables\n\n${renderTuningTable()}\n`);
for (const kind of kinds()) {
  for (const { title, table } of renderFieldTables(definitionOf(kind))) console.log(`#### \`${title}\`\n\n${table}\n`);
}
