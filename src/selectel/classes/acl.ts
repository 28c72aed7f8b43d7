// The public class selectel.Acl (selectel:Acl): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/acl.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const aclClass: PublicClass = {
  className: "Acl",
  doc: [
    "A Kafka user's access to topics.",
    "",
    "```ts",
    'new dbaas.selectel.Acl("app-events", {',
    '  clusterId: kafka.id, userId: app.id, patternType: "literal", pattern: "events", allowRead: true,',
    "});",
    "```",
  ],
  argsParam: "the ACL.",
  get: {
    doc: ["Reads an existing ACL by id without managing it: Pulumi never changes or deletes it."],
    id: "the ACL's id.",
  },
  inputs: {
    clusterId: "The Kafka cluster's id.",
    userId: "The selectel.User's id.",
    patternType: '"literal", "prefixed" or "all" (every topic).',
    pattern: 'The topic name or prefix; left out for "all".',
    allowRead: "Allow reading; at least one of allowRead and allowWrite must be true.",
    allowWrite: "Allow writing; at least one of allowRead and allowWrite must be true.",
    adopt: "Id of an existing ACL to take over instead of creating one.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    userId: "The user's id.",
    patternType: '"literal", "prefixed" or "all".',
    pattern: 'The topic name or prefix; undefined for "all".',
    allowRead: "Whether reading is allowed.",
    allowWrite: "Whether writing is allowed.",
    adopt: "The id the ACL was adopted from, when adopted.",
  },
  computed: {
    status: { type: "string", doc: "ACTIVE, PENDING_CREATE, … as the API reports it." },
  },
};
