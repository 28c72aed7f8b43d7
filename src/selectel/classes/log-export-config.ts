// The public class selectel.LogExportConfig (selectel:LogExportConfig): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/selectel/generated/log-export-config.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const logExportConfigClass: PublicClass = {
  className: "LogExportConfig",
  doc: [
    "Sends a cluster's logs to a log platform group; owned by this resource alone. Id `<clusterId>/log-platform`.",
    "",
    "```ts",
    'new dbaas.selectel.LogExportConfig("pg-logs", { clusterId: pg.id, logGroup: "s/dbaas/main" });',
    "```",
  ],
  argsParam: "the log export.",
  get: {
    doc: ["Reads an existing log export by id without managing it: Pulumi never changes or deletes it."],
    id: "`<clusterId>/log-platform`.",
  },
  inputs: {
    clusterId: "The cluster's id.",
    logGroup: 'A log platform group such as "s/dbaas/my-group".',
  },
  outputs: {
    clusterId: "The cluster's id.",
    logGroup: "The log platform group.",
  },
  computed: {},
};
