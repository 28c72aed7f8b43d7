// The public class scp.LogExportConfig (scp:LogExportConfig): what `npm run kinds` needs beyond the field table to
// write its class and Args (src/scp/generated/log-export-config.ts): the docs, the example, the computed outputs.

import type { PublicClass } from "../../core/class-spec";

export const logExportConfigClass: PublicClass = {
  className: "LogExportConfig",
  doc: [
    "The scheduled export of one PostgreSQL log type to object storage. Id `<clusterId>/<logType>`.",
    "",
    "```ts",
    'new dbaas.scp.LogExportConfig("slow-log", {',
    "  clusterId: cluster.id,",
    '  logType: "slow",',
    '  bucketName: "db-logs",',
    '  accessKey: config.requireSecret("objAccessKey"),',
    '  secretKey: config.requireSecret("objSecretKey"),',
    '  schedule: { frequency: "WEEK", dayOfWeek: "SUN", hour: 2 },',
    "});",
    "```",
  ],
  argsParam: "the export.",
  get: {
    doc: [
      "Reads an existing log export without managing it: Pulumi reads it on every `up`, `preview`",
      "and `refresh`, and never changes or deletes it (`pulumi destroy` only forgets it). The keys",
      "are never returned by the API: `accessKey` and `secretKey` read back undefined.",
    ],
    id: "`<clusterId>/<logType>`.",
  },
  inputs: {
    clusterId: "A PostgreSQL scp.Cluster's id.",
    logType: 'The log to export: "alert", "audit" or "slow".',
    bucketName: "3–63 characters; a change registers the export again.",
    accessKey: "Object storage access key.",
    secretKey: "Object storage secret key.",
    deleteOnExport: "Delete the logs from the servers once exported.",
    schedule: "When the export runs.",
    adopt: "`<clusterId>/<logType>` of an export registered outside this program, to take over (see Adoption).",
  },
  outputs: {
    clusterId: "The cluster's id.",
    logType: '"alert", "audit" or "slow".',
    bucketName: "The bucket the logs go to.",
    accessKey: "Object storage access key (secret; from the program, the API never returns it).",
    secretKey: "Object storage secret key (secret; from the program, the API never returns it).",
    deleteOnExport: "Whether exported logs are deleted from the servers.",
    schedule: "The schedule as registered.",
    adopt: "The id the export was adopted from, when it was adopted.",
  },
  computed: {},
};
