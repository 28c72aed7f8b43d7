// The public class selectel.Database (selectel:Database): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/database.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const databaseClass: PublicClass = {
  className: "Database",
  doc: [
    "A database in a PostgreSQL or MySQL selectel.Cluster.",
    "",
    "```ts",
    'const db = new dbaas.selectel.Database("orders", { clusterId: pg.id, name: "orders", ownerId: app.id });',
    "```",
  ],
  argsParam: "the database.",
  get: {
    doc: ["Reads an existing database by id without managing it: Pulumi never changes or deletes it."],
    id: "the database's id.",
  },
  inputs: {
    clusterId: "The cluster's id.",
    name: "1–63 letters, digits or _, not starting with a digit.",
    lcCollate: "Collation (LC_COLLATE).",
    lcCtype: "Character classification (LC_CTYPE).",
    ownerId: "The owning selectel.User's id.",
    adopt: "Id of an existing database to take over instead of creating one.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    name: "The database's name.",
    lcCollate: "Collation.",
    lcCtype: "Character classification.",
    ownerId: "The owning user's id, when set.",
    adopt: "The id the database was adopted from, when adopted.",
  },
  computed: {
    status: { type: "string", doc: "ACTIVE, PENDING_CREATE, … as the API reports it." },
  },
};
