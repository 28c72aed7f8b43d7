// scp.Cluster with engine "eventstreams" (Kafka, API `eventstreams 1.1`): the input schema, the
// outputs, the field table and the rules over old and new inputs. What `check` and `diff` need, and
// nothing that calls the API. Shapes: reference/scp.md §2.1–2.3 and §3 (the SDK's 1.1 models).

import { z } from "zod";
import type { FieldSpec } from "../../core/diff";
import { InputError } from "../../core/errors";
import { tsType } from "../../core/ts-type";
import { blockStorageSize, port, versionChangeError } from "../inputs";
import {
  blockStorageEntry,
  blockStoragesRow,
  createOnlySecretError,
  replacedBy,
  kitChangeErrors,
  kitRows,
  kitSchemaShape,
  type KitOutputs,
} from "../kit/rows";
import { major } from "../postgresql/inputs";

/** A SASL or AKHQ user name as the 1.1 create body takes it: 2–20 lower-case letters. */
const userName = z.string().regex(/^[a-z]{2,20}$/, "must be 2–20 lower-case letters (a–z)");

/**
 * A SASL or AKHQ password. The create body caps it at 30; the official provider documents 8–30
 * with at least one letter, one digit and one symbol, and no quotes (reference/scp.md §2.1).
 */
const password = z
  .string()
  .min(8, "must be 8–30 characters")
  .max(30, "must be 8–30 characters")
  .refine((p) => /[a-zA-Z]/.test(p) && /\d/.test(p) && /[^\w\s]/.test(p), "must contain a letter, a digit and a symbol")
  .refine((p) => !/["']/.test(p), "must not contain quotes (\" or ')");

/** Kafka keeps its log segments on DATA disks: the only role a broker's block storage has. */
export const eventStreamsBlockStorage = tsType(
  blockStorageEntry(["DATA"] as const, blockStorageSize).extend({
    roleType: z.literal("DATA", { message: 'must be "DATA" (a Kafka broker keeps its data on DATA disks)' }).default("DATA"),
  }),
  { input: "EventStreamsBlockStorageArgs", output: "BlockStorage" },
);

export const EventStreamsInputs = z
  .object({
    engine: z.literal("eventstreams", { message: 'must be "eventstreams"' }),
    name: kitSchemaShape.name,
    engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, 'must be a Kafka version such as "3.7.2"'),
    subnetId: kitSchemaShape.subnetId,
    serverType: z.string().min(1, "is required (e.g. es1v2m4)"),
    instanceNamePrefix: kitSchemaShape.instanceNamePrefix,
    /** true: ZooKeeper and Kafka share nodes (one ZOOKEEPER_BROKER group); false: separate groups. */
    isCombined: z.boolean().default(false),
    // At most 10 (the document is silent; the simulator, standing for the service, refuses more at
    // create and at add-instances with 400): refused here so that preview shows it.
    brokerCount: z.number().int("must be a whole number").min(1, "must be at least 1").max(10, "must be at most 10").default(3),
    blockStorages: z.array(eventStreamsBlockStorage).min(1, "needs at least one DATA block storage"),
    brokerPort: port.default(9091),
    zookeeperPort: port.default(2180),
    brokerSaslId: userName,
    brokerSaslPassword: password,
    zookeeperSaslId: userName,
    zookeeperSaslPassword: password,
    akhqEnabled: z.boolean().default(false),
    akhqId: userName.optional(),
    akhqPassword: password.optional(),
    natEnabled: kitSchemaShape.natEnabled,
    timezone: kitSchemaShape.timezone,
    serviceWatchLogCollection: z.boolean().default(false),
    allowedIps: kitSchemaShape.allowedIps,
    maintenance: kitSchemaShape.maintenance,
    running: kitSchemaShape.running,
    tags: kitSchemaShape.tags,
    adopt: kitSchemaShape.adopt,
  })
  .strict()
  .superRefine((i, ctx) => {
    // On a combined cluster both listen on the same nodes.
    if (i.brokerPort === i.zookeeperPort)
      ctx.addIssue({ code: "custom", path: ["zookeeperPort"], message: `must differ from brokerPort (${i.brokerPort})` });
    // AKHQ logs in with these; the API takes them only in the create body.
    if (i.akhqEnabled && (i.akhqId === undefined || i.akhqPassword === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [i.akhqId === undefined ? "akhqId" : "akhqPassword"],
        message: "is required when akhqEnabled is true",
      });
    }
  });

export type EventStreamsInputs = z.infer<typeof EventStreamsInputs>;

export interface EventStreamsOutputs extends EventStreamsInputs, KitOutputs {
  /** `host:port` of every broker, comma-separated: what a Kafka client's `bootstrap.servers` takes. */
  bootstrapServers: string;
  /** The AKHQ web console, when `akhqEnabled`; empty otherwise. */
  akhqUrl: string;
  /** Nodes by role; the roles absent from this layout are empty lists. */
  instances: Record<"ZOOKEEPER_BROKER" | "ZOOKEEPER" | "BROKER" | "AKHQ", { name: string; ipAddress: string; serviceState: string }[]>;
}

// ---- field table ----------------------------------------------------------------------------

const CREATE_ONLY = "set at creation; this API has no endpoint to change it";

export const eventStreamsFields: FieldSpec[] = [
  kitRows.engine,
  kitRows.name,
  kitRows.subnetId,
  kitRows.instanceNamePrefix,
  { key: "isCombined", apply: { replace: true }, doc: "ZooKeeper and brokers on shared or separate nodes" },
  { key: "akhqEnabled", apply: { replace: true }, doc: CREATE_ONLY },
  kitRows.natEnabled,
  kitRows.timezone,
  { key: "serviceWatchLogCollection", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "brokerPort", apply: { replace: true } },
  { key: "zookeeperPort", apply: { replace: true } },
  { key: "brokerSaslId", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "zookeeperSaslId", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "akhqId", apply: { replace: true }, doc: CREATE_ONLY },
  kitRows.tags,
  {
    key: "engineVersion",
    apply: { replace: true, when: (a, b) => major(a) !== major(b), otherwise: "engineVersion" },
    doc: "a new major version replaces; an older version is refused by check",
  },
  { ...kitRows.serverType, doc: "every instance group (brokers, ZooKeeper, AKHQ)" },
  // EventStreams has no endpoint to add a block storage (the official provider refuses it too).
  blockStoragesRow(false),
  { key: "brokerCount", apply: { mutation: "brokerCount" }, doc: "more brokers only; fewer is refused by check" },
  kitRows.allowedIps,
  kitRows.maintenance,
  kitRows.running,
  { key: "brokerSaslPassword", apply: { ignore: true }, secret: true, doc: "set at creation only; a change is rejected by check" },
  { key: "zookeeperSaslPassword", apply: { ignore: true }, secret: true, doc: "set at creation only; a change is rejected by check" },
  { key: "akhqPassword", apply: { ignore: true }, secret: true, doc: "set at creation only; a change is rejected by check" },
  kitRows.adopt,
];

/**
 * A combined cluster runs ZooKeeper on every node, so it is created with 1 or 3 (a quorum; the
 * simulator, standing for the service where the document is silent, refuses 2 with 400). Brokers
 * added later are not bound by it; `olds` tells a create (or a replacement) from a growth.
 */
export function combinedQuorumError(news: Partial<EventStreamsInputs>, olds: Partial<EventStreamsInputs>): InputError | undefined {
  const created = olds.brokerCount === undefined || olds.isCombined !== news.isCombined;
  if (!news.isCombined || !created || news.brokerCount === undefined || news.brokerCount === 1 || news.brokerCount === 3) return undefined;
  return new InputError(
    "brokerCount",
    `must be 1 or 3 when a cluster is created with isCombined (ZooKeeper runs on every node and needs a quorum), got ` +
      `${news.brokerCount}; brokers can be added once it exists`,
  );
}

const PASSWORDS = ["brokerSaslPassword", "zookeeperSaslPassword", "akhqPassword"] as const;

export function validateEventStreamsChange(olds: EventStreamsInputs, news: EventStreamsInputs): InputError[] {
  const errors = kitChangeErrors(olds, news);
  // A change that replaces the cluster creates the new one with the declared count: no shrink then.
  // `pulumi up --replace` is no way out: check sees only the properties, never the flag.
  const replaced = replacedBy(eventStreamsFields, olds, news);
  if (olds.brokerCount !== undefined && news.brokerCount < olds.brokerCount && !replaced) {
    errors.push(
      new InputError(
        "brokerCount",
        `brokers can only be added (POST /v1/clusters/{id}/add-instances); the API cannot remove one: ` +
          `${olds.brokerCount} → ${news.brokerCount}. To shrink it, replace the cluster: change brokerCount ` +
          `together with a property that replaces it (e.g. instanceNamePrefix)`,
      ),
    );
  }
  for (const key of PASSWORDS) {
    // Turning AKHQ on or off replaces the cluster, and the replacement's create body carries the password.
    if (key === "akhqPassword" && !(olds.akhqEnabled && news.akhqEnabled)) continue;
    const error = createOnlySecretError(key, olds, news, replaced);
    if (error) errors.push(error);
  }
  const downgrade = versionChangeError(olds.engineVersion, news.engineVersion, "a new scp.Cluster");
  if (downgrade) errors.push(downgrade);
  return errors;
}
