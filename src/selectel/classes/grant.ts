// The public class selectel.Grant (selectel:Grant): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/grant.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const grantClass: PublicClass = {
  className: "Grant",
  doc: [
    "A user's access to a database.",
    "",
    "```ts",
    'new dbaas.selectel.Grant("app-orders", { clusterId: pg.id, databaseId: db.id, userId: app.id });',
    "```",
  ],
  argsParam: "the grant.",
  get: {
    doc: ["Reads an existing grant by id without managing it: Pulumi never changes or deletes it."],
    id: "the grant's id.",
  },
  inputs: {
    clusterId: "The cluster's id.",
    databaseId: "The selectel.Database's id.",
    userId: "The selectel.User's id.",
    adopt: "Id of an existing grant to take over instead of creating one.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    databaseId: "The database's id.",
    userId: "The user's id.",
    adopt: "The id the grant was adopted from, when adopted.",
  },
  computed: {
    status: { type: "string", doc: "ACTIVE, PENDING_CREATE, … as the API reports it." },
  },
};
