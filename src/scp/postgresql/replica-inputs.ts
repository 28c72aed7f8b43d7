// scp.Replica (PostgreSQL): the input schema, the outputs, the field table and the rules over old
// and new inputs. What `check` and `diff` need, and nothing that calls the API.

import { z } from "zod";
import type { NameRule } from "../../core/autoname";
import type { FieldSpec } from "../../core/diff";
import { InputError } from "../../core/errors";
import { scpId } from "../inputs";
import { blockStoragesRow, kitChangeErrors, kitRows, kitSchemaShape, type KitInputs, type KitOutputs } from "../kit/rows";
import { blockStorage } from "./inputs";

const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const ReplicaInputs = z
  .object({
    sourceClusterId: scpId("must be the id of the PostgreSQL cluster to follow (32 hex characters)"),
    /** Absent: the source's region (the stack's `scp:region`). Set: an other-region replica there. */
    region: z.string().regex(REGION, "must be a region name such as kr-east1").optional(),
    // The replica spec of Create Replica names replicas like instance names, not like clusters.
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{1,17}[a-z0-9]$/,
        "must be 3–19 characters: a lower-case letter, then lower-case letters, digits or '-', not ending in '-'",
      ),
    serverType: z.string().min(1, "is required (e.g. db1v2m4)"),
    blockStorages: z
      .array(blockStorage)
      .min(1, "needs at least one DATA block storage")
      .refine((l) => l[0]?.roleType === "DATA", "the first block storage must have roleType DATA"),
    allowedIps: kitSchemaShape.allowedIps,
    maintenance: kitSchemaShape.maintenance,
    /** Other region only (the same-region replica shares its source's subnet and NAT). */
    subnetId: kitSchemaShape.subnetId.optional(),
    natEnabled: z.boolean().optional(),
    tags: kitSchemaShape.tags,
    promoted: z.boolean().default(false),
    /** Id of an existing replica to take over (see README "Adoption"). */
    adopt: kitSchemaShape.adopt,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.region === undefined) {
      for (const key of ["subnetId", "natEnabled"] as const) {
        if (v[key] !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "only for a replica in another region (set `region`): a same-region replica uses its source's",
          });
      }
    } else if (v.subnetId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["subnetId"],
        message: `is required for a replica in another region (a subnet of ${v.region})`,
      });
    }
  })
  .transform((v) => (v.region === undefined ? v : { ...v, natEnabled: v.natEnabled ?? false }));

export type ReplicaInputs = z.infer<typeof ReplicaInputs>;

/** The `name` rule above, for auto-names: `<logical name>-<suffix>`, lower-case, at most 19 characters. */
export const replicaNameRule: NameRule = { max: 19, chars: "a-z0-9-", separator: "-", lowerCase: true };

/** The kit's mutations read `KitInputs`: a replica has no engine choice and is always running. */
export type ReplicaKitInputs = ReplicaInputs & Pick<KitInputs, "engine" | "running">;

export interface ReplicaOutputs extends ReplicaKitInputs, KitOutputs {
  /** `host:port` of the replica's instance. */
  endpoint: string;
  /** ORIGIN once promoted; REPLICA (same region) or SECONDARY (other region) while following. */
  roleType: string;
  /** The cluster it follows now: `sourceClusterId` until promoted, then "". */
  followingClusterId: string;
}

export const replicaFields: FieldSpec[] = [
  { key: "sourceClusterId", apply: { replace: true } },
  { key: "region", apply: { replace: true } },
  kitRows.name,
  kitRows.subnetId,
  kitRows.natEnabled,
  kitRows.tags,
  kitRows.serverType,
  blockStoragesRow(true),
  kitRows.allowedIps,
  kitRows.maintenance,
  {
    key: "promoted",
    apply: { mutation: "promote" },
    doc: "false → true promotes the replica to a standalone cluster (same id, still managed); true → false is refused by check",
  },
  kitRows.adopt,
];

export const PROMOTE_IS_FINAL =
  "a promoted replica is a standalone cluster and cannot follow its source again; to get a replica " +
  "back, declare a new scp.Replica (another resource name) and remove this one (`pulumi up --replace` " +
  "cannot: check refuses promoted: false before any replacement)";

export function validateReplicaChange(olds: ReplicaInputs, news: ReplicaInputs): InputError[] {
  const errors = kitChangeErrors(olds as unknown as KitInputs, news as unknown as KitInputs);
  if (olds.promoted === true && news.promoted === false)
    errors.push(new InputError("promoted", `cannot go back to false: ${PROMOTE_IS_FINAL}`));
  return errors;
}
