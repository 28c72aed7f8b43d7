// The public class selectel.Topic (selectel:Topic): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/topic.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const topicClass: PublicClass = {
  className: "Topic",
  doc: [
    "A topic in a Kafka selectel.Cluster.",
    "",
    "```ts",
    'const events = new dbaas.selectel.Topic("events", { clusterId: kafka.id, name: "events", partitions: 6 });',
    "```",
  ],
  argsParam: "the topic.",
  get: {
    doc: ["Reads an existing topic by id without managing it: Pulumi never changes or deletes it."],
    id: "the topic's id.",
  },
  inputs: {
    clusterId: "The Kafka cluster's id.",
    name: "1–249 characters: letters, digits, '.', '_' or '-'.",
    partitions: "1–4000; may only grow (a decrease is refused by check).",
    adopt: "Id of an existing topic to take over instead of creating one.",
  },
  outputs: {
    clusterId: "The cluster's id.",
    name: "The topic's name.",
    partitions: "The number of partitions.",
    adopt: "The id the topic was adopted from, when adopted.",
  },
  computed: {
    status: { type: "string", doc: "ACTIVE, PENDING_CREATE, … as the API reports it." },
  },
};
