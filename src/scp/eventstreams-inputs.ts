// scp.Cluster with engine "eventstreams" (Kafka, API `eventstreams 1.1`): the input schema, the
// outputs, the field table and the rules over old and new inputs. What `check` and `diff` need, and
// nothing that calls the API. Shapes: reference/scp.md §2.1–2.3 and §3 (the SDK's 1.1 models).

import { z } from "zod";
import type { FieldSpec } from "../core/diff";
import { InputError } from "../core/errors";
import { compareVersions, major } from "./cluster-inputs";
import { blockStorageSize, cidrSet, maintenance, port, scpId, VOLUME_TYPES } from "./inputs";

/** A SASL or AKHQ user name as the 1.1 create body takes it: 2–20 lower-case letters. */
const userName = z.string().regex(/^[a-z]{2,20}$/, "must be 2–20 lower-case letters (a–z)");

/**
 * A SASL or AKHQ password. The create body caps it at 30; the official provider documents 8–30
 * with at least one letter, one digit and one symbol, and no quotes (reference/scp.md §2.1).
 */
const password = z.string()
  .min(8, "must be 8–30 characters").max(30, "must be 8–30 characters")
  .refine((p) => /[a-zA-Z]/.test(p) && /\d/.test(p) && /[^\w\s]/.test(p), "must contain a letter, a digit and a symbol")
  .refine((p) => !/["']/.test(p), "must not contain quotes (\" or ')");

/** Kafka keeps its log segments on DATA disks; the API has no other role for a broker's block storage. */
export const eventStreamsBlockStorage = z.object({
  roleType: z.literal("DATA", { message: 'must be "DATA" (a Kafka broker keeps its data on DATA disks)' }).default("DATA"),
  sizeGb: blockStorageSize,
  volumeType: z.enum(VOLUME_TYPES).default("SSD"),
}).strict();

export const EventStreamsInputs = z.object({
  engine: z.literal("eventstreams", { message: 'must be "eventstreams"' }),
  name: z.string().regex(/^[a-zA-Z]{3,20}$/, "must be 3–20 letters (a–z, A–Z), no digits or symbols"),
  engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, 'must be a Kafka version such as "3.8.0"'),
  subnetId: z.string().min(1, "is required"),
  serverType: z.string().min(1, "is required (e.g. es1v2m4)"),
  instanceNamePrefix: z.string().regex(/^[a-z][a-zA-Z0-9-]{2,12}$/, "must be 3–13 characters: a lower-case letter, then letters, digits or '-'"),
  /** true: ZooKeeper and Kafka share nodes (one ZOOKEEPER_BROKER group); false: separate groups. */
  isCombined: z.boolean().default(false),
  brokerCount: z.number().int("must be a whole number").min(1, "must be at least 1").default(3),
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
  natEnabled: z.boolean().default(false),
  timezone: z.string().min(1).default("Asia/Seoul"),
  serviceWatchLogCollection: z.boolean().default(false),
  allowedIps: cidrSet.default([]),
  maintenance: maintenance.optional(),
  running: z.boolean().default(true),
  tags: z.record(z.string(), z.string()).default({}),
  adopt: scpId("must be the id of an existing cluster (32 hex characters)").optional(),
}).strict().superRefine((i, ctx) => {
  // AKHQ logs in with these; the API takes them only in the create body.
  if (i.akhqEnabled && (i.akhqId === undefined || i.akhqPassword === undefined)) {
    ctx.addIssue({ code: "custom", path: [i.akhqId === undefined ? "akhqId" : "akhqPassword"], message: "is required when akhqEnabled is true" });
  }
});

export type EventStreamsInputs = z.infer<typeof EventStreamsInputs>;
export type EventStreamsBlockStorage = z.infer<typeof eventStreamsBlockStorage>;

export interface EventStreamsInstance {
  name: string; roleType: string; serviceState: string; ipAddress: string; publicIpAddress: string;
}

export interface EventStreamsOutputs extends EventStreamsInputs {
  serviceState: string;
  softwareVersion: string;
  /** `host:port` of every broker, comma-separated: what a Kafka client's `bootstrap.servers` takes. */
  bootstrapServers: string;
  /** The AKHQ web console, when `akhqEnabled`; empty otherwise. */
  akhqUrl: string;
  instances: EventStreamsInstance[];
  /** Ids of `blockStorages`, index for index: how the broker group's block storages are matched to inputs. */
  blockStorageIds: string[];
  instanceGroups: {
    id: string; roleType: string; serverType: string;
    blockStorages: { id: string; roleType: string; sizeGb: number; volumeType: string }[];
    instances: EventStreamsInstance[];
  }[];
}

// ---- field table ----------------------------------------------------------------------------

const CREATE_ONLY = "set at creation; this API has no endpoint to change it";

export const eventStreamsFields: FieldSpec[] = [
  { key: "engine", apply: { replace: true } },
  { key: "name", apply: { replace: true } },
  { key: "subnetId", apply: { replace: true } },
  { key: "instanceNamePrefix", apply: { replace: true } },
  { key: "isCombined", apply: { replace: true }, doc: "ZooKeeper and brokers on shared or separate nodes" },
  { key: "akhqEnabled", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "natEnabled", apply: { replace: true } },
  { key: "timezone", apply: { replace: true } },
  { key: "serviceWatchLogCollection", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "brokerPort", apply: { replace: true } },
  { key: "zookeeperPort", apply: { replace: true } },
  { key: "brokerSaslId", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "zookeeperSaslId", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "akhqId", apply: { replace: true }, doc: CREATE_ONLY },
  { key: "tags", apply: { replace: true }, doc: "tags are set at creation; this API has no tag endpoint" },
  { key: "engineVersion", apply: { replace: true, when: (a, b) => major(a) !== major(b), otherwise: "engineVersion" }, doc: "a new major version replaces" },
  { key: "serverType", apply: { mutation: "serverType" }, doc: "every instance group (brokers, ZooKeeper, AKHQ)" },
  {
    key: "blockStorages",
    apply: { replace: true, when: (a, b) => !blockStoragesGrowOnly(a as any, b as any), otherwise: "blockStorages" },
    doc: "grow a size in place; adding or removing one, or changing its volume type, replaces (EventStreams cannot add block storage)",
  },
  { key: "brokerCount", apply: { mutation: "brokerCount" }, doc: "more brokers only; fewer is refused by check" },
  { key: "allowedIps", apply: { mutation: "allowedIps" } },
  { key: "maintenance", apply: { mutation: "maintenance" } },
  { key: "running", apply: { mutation: "running" } },
  { key: "brokerSaslPassword", apply: { ignore: true }, secret: true, doc: "set at creation only; a change is rejected by check" },
  { key: "zookeeperSaslPassword", apply: { ignore: true }, secret: true, doc: "set at creation only; a change is rejected by check" },
  { key: "akhqPassword", apply: { ignore: true }, secret: true, doc: "set at creation only; a change is rejected by check" },
  { key: "adopt", apply: { ignore: true } },
];

/** True when `next` keeps every block storage (same count, role and type) and none shrinks. */
function blockStoragesGrowOnly(prev: EventStreamsBlockStorage[] | undefined, next: EventStreamsBlockStorage[] | undefined): boolean {
  if (!prev || !next || next.length !== prev.length) return false;
  return prev.every((p, i) => p.roleType === next[i].roleType && p.volumeType === next[i].volumeType && next[i].sizeGb >= p.sizeGb);
}

const PASSWORDS = ["brokerSaslPassword", "zookeeperSaslPassword", "akhqPassword"] as const;

export function validateEventStreamsChange(olds: EventStreamsInputs, news: EventStreamsInputs): InputError[] {
  const errors: InputError[] = [];
  olds.blockStorages?.forEach((p, i) => {
    const n = news.blockStorages?.[i];
    if (n && n.volumeType === p.volumeType && n.sizeGb < p.sizeGb) {
      errors.push(new InputError(`blockStorages[${i}].sizeGb`, `block storage can only grow: ${p.sizeGb} GB → ${n.sizeGb} GB is a shrink`));
    }
  });
  if (olds.brokerCount !== undefined && news.brokerCount < olds.brokerCount) {
    errors.push(new InputError("brokerCount", `brokers can only be added (POST /v1/clusters/{id}/add-instances); the API cannot remove one: ${olds.brokerCount} → ${news.brokerCount}. Replace the cluster (\`pulumi up --replace\`) to shrink it`));
  }
  for (const key of PASSWORDS) {
    // Turning AKHQ on or off replaces the cluster, and the replacement's create body carries the password.
    if (key === "akhqPassword" && !(olds.akhqEnabled && news.akhqEnabled)) continue;
    if (olds[key] !== undefined && news[key] !== olds[key] && !news.adopt) {
      errors.push(new InputError(key, "cannot be changed after creation: the EventStreams API has no password endpoint. Change it on the cluster, or replace the cluster (`pulumi up --replace`)"));
    }
  }
  if (major(olds.engineVersion) === major(news.engineVersion) && compareVersions(news.engineVersion, olds.engineVersion) < 0) {
    errors.push(new InputError("engineVersion", `minor versions can only move forward: ${olds.engineVersion} → ${news.engineVersion}`));
  }
  return errors;
}
