// `npm run docs`: prints every resource's property → endpoint table, rendered from its field
// table, for README.md (test/unit/readme-tables.test.ts fails when the README is stale).
const { renderFieldTable } = require("../dist/core/docs");
const { definitionOf, kinds } = require("../dist/runtime");

for (const kind of kinds()) console.log(`#### \`${kind}\`\n\n${renderFieldTable(definitionOf(kind))}\n`);
