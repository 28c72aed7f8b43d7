// Prints the property → endpoint tables of every resource (paste into README.md; a test checks).
import { renderFieldTable } from "../src/core/docs";
import { definitionOf, kinds } from "../src/runtime";

for (const kind of kinds()) {
  console.log(`### ${kind}\n\n${renderFieldTable(definitionOf(kind))}\n`);
}
