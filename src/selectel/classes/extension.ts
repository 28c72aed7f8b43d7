// The public class selectel.Extension (selectel:Extension): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/extension.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const extensionClass: PublicClass = {
  className: "Extension",
  doc: [
    "A PostgreSQL extension installed in a database.",
    "",
    "```ts",
    'new dbaas.selectel.Extension("stats", { clusterId: pg.id, databaseId: db.id, name: "pg_stat_statements" });',
    "```",
  ],
  argsParam: "the extension.",
  get: {
    doc: ["Reads an existing extension by id without managing it: Pulumi never changes or deletes it."],
    id: "the extension's id.",
  },
  inputs: {
    clusterId: "The cluster's id.",
    databaseId: "The selectel.Database's id.",
    name: 'The extension\'s name (e.g. "pg_stat_statements"); exactly one of name and availableExtensionId.',
    availableExtensionId: "The available extension's id; exactly one of name and availableExtensionId.",
    adopt: "Id of an existing extension to take over instead of creating one.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    databaseId: "The database's id.",
    name: "The extension's name, when declared by name.",
    availableExtensionId: "The available extension's id, when declared by id.",
    adopt: "The id the extension was adopted from, when adopted.",
  },
  computed: {
    status: { type: "string", doc: "ACTIVE, PENDING_CREATE, … as the API reports it." },
    availableExtensionIdResolved: { type: "string", doc: "The available extension's id, however the extension was declared." },
  },
};
