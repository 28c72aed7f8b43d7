// The public class selectel.User (selectel:User): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/user.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const userClass: PublicClass = {
  className: "User",
  doc: [
    "A database user in a selectel.Cluster.",
    "",
    "```ts",
    'const app = new dbaas.selectel.User("app", { clusterId: pg.id, name: "app", password: config.requireSecret("appPassword") });',
    "```",
  ],
  argsParam: "the user.",
  get: {
    doc: ["Reads an existing user by id without managing it: Pulumi never changes or deletes it; the", "password reads back empty."],
    id: "the user's id.",
  },
  inputs: {
    clusterId: "The cluster's id.",
    name: "1–63 letters, digits or _, not starting with a digit.",
    password: "At least 8 characters; never read back.",
    adopt: "Id of an existing user to take over instead of creating one.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    name: "The user's name.",
    password: "The password (secret; from the program, never read back).",
    adopt: "The id the user was adopted from, when adopted.",
  },
  computed: {
    status: { type: "string", doc: "ACTIVE, PENDING_CREATE, … as the API reports it." },
  },
};
