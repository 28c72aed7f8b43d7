// Input schemas shared by the SCP resources: zod validation with messages that name the allowed
// values (reference/scp.md §3 constraints). `check` runs these before any API call.

import { z } from "zod";
import { InputError } from "../core/errors";
import { tsType } from "../core/ts-type";
import { hostBitsSet, shown } from "../core/values";
import { compareVersions, downgradeError, majorOf } from "../core/versions";

export const DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export const VOLUME_TYPES = ["SSD", "SSD_KMS", "HDD", "HDD_KMS"] as const;

/** An IPv4 address or CIDR; a bare address is normalised to /32 so "1.2.3.4" and "1.2.3.4/32" never diff. */
export const cidr = tsType(
  z.string().transform((value, ctx) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || (m[5] !== undefined && Number(m[5]) > 32)) {
      ctx.addIssue({ code: "custom", message: `${shown(value)} is not an IPv4 address or CIDR (e.g. 10.0.0.0/24)` });
      return z.NEVER;
    }
    const network = hostBitsSet(m.slice(1, 5).map(Number), Number(m[5] ?? 32));
    if (network) {
      ctx.addIssue({ code: "custom", message: `${shown(value)} has host bits set: a CIDR names a network; use ${network}` });
      return z.NEVER;
    }
    return `${m.slice(1, 5).map(Number).join(".")}/${m[5] ?? "32"}`;
  }),
  { output: "string" },
);

/**
 * The id of a network object (a subnet): the API documents only "string", and real ids are 32 hex
 * characters; any 1–64 letters, digits, '-' or '_' are taken (the simulator names subnets), never
 * free text, control characters or path syntax.
 */
export const networkId = z.string().superRefine((v, ctx) => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(v))
    ctx.addIssue({ code: "custom", message: `${shown(v)} is not a subnet id: 1–64 letters, digits, '-' or '_'` });
});

/**
 * Tags as Samsung's Resource Manager stores them ({key, value}); the API document gives no limits,
 * so the common cloud tag limits apply: a key of 1–128 and a value of up to 256 printable
 * characters (no newline, tab or NUL, which no console can show or filter on).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const CONTROL = /[\u0000-\u001f\u007f]/;
export const tagMap = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128 || CONTROL.test(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `tag key ${shown(key)} is not allowed: 1–128 printable characters (no newline, tab or NUL)`,
      });
    }
    if (value.length > 256 || CONTROL.test(value)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `tag value ${shown(value)} is not allowed: up to 256 printable characters (no newline, tab or NUL)`,
      });
    }
  }
});

/** An IANA time zone name ("Asia/Seoul", "UTC"), as the API's default (Asia/Seoul) is one; the list is the runtime's (Intl). */
export const timezone = tsType(
  z
    .string()
    .superRefine((v, ctx) => {
      let ok = v.length > 0 && v.length <= 64 && !CONTROL.test(v);
      try {
        if (ok) new Intl.DateTimeFormat("en", { timeZone: v });
      } catch {
        ok = false;
      }
      if (!ok) ctx.addIssue({ code: "custom", message: `${shown(v)} is not an IANA time zone name such as "Asia/Seoul" or "UTC"` });
    })
    // The runtime takes "asia/seoul"; the API is sent (and echoes) the name as IANA spells it. Only
    // the case is changed: an alias ("Asia/Kolkata") is never swapped for the runtime's canonical one.
    .transform((v) => {
      const spelled = new Intl.DateTimeFormat("en", { timeZone: v }).resolvedOptions().timeZone;
      return spelled.toLowerCase() === v.toLowerCase() ? spelled : v;
    }),
  { output: "string" },
);

/** A set of CIDRs: order and duplicates never matter. */
export const cidrSet = tsType(
  z.array(cidr).transform((list) => [...new Set(list)].sort()),
  { output: "string[]" },
);

export const blockStorageSize = z
  .number()
  .int()
  .min(16, "must be between 16 and 5120 GB")
  .max(5120, "must be between 16 and 5120 GB")
  .refine((n) => n % 8 === 0, "must be a multiple of 8 GB");

export const port = z.number().int().min(1024, "must be between 1024 and 65535").max(65535, "must be between 1024 and 65535");

/** `HH:MM` on the hour or half hour. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):(00|30)$/, 'must be "HH:MM" on the hour or half hour, e.g. "03:00"');

/** Maintenance length in hours: 0.5, 1–24, or n.5 up to 5.5 (the API's period_hour pattern). */
export const periodHours = z
  .number()
  .refine(
    (n) => /^(0\.5|[1-5]\.5|[1-9]|1[0-9]|2[0-4])$/.test(String(n)),
    "must be 0.5, 1.5–5.5 in half hours, or a whole number of hours from 1 to 24",
  );

export const maintenance = tsType(
  z
    .object({
      dayOfWeek: z.enum(DAYS),
      startTime: clockTime,
      durationHours: periodHours,
    })
    .strict(),
  { input: "MaintenanceArgs", output: "Maintenance" },
);
export type Maintenance = z.infer<typeof maintenance>;

/** SCP resource ids (clusters, instance groups, block storage groups): 32 lower-case hex digits. */
export const SCP_ID = /^[0-9a-f]{32}$/;

/**
 * An id that will go into a URL path. Checked in `check`, so `"../users/x"` or `"<id>#x"` can never
 * reach a request line (and are path-encoded there as well).
 */
export const scpId = (message: string) =>
  tsType(
    z
      .string()
      // Pasted from a console in upper case, it names the same object: the API's ids are lower case.
      .regex(/^[0-9a-fA-F]{32}$/, message)
      .transform((v) => v.toLowerCase()),
    { output: "string" },
  );

const PARAMETER_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/i;

/**
 * PostgreSQL parameters by name (`work_mem`, `pg_stat_statements.max`), values as strings. Syntax
 * only: whether this engine version has the parameter, and which values it takes, is checked
 * against the API's catalogue before the first mutating call.
 */
export const parameterMap = z
  // Spaces around a value are never part of it (the API's typed check refuses " 200 " after create).
  .record(
    z.string(),
    tsType(
      z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v).trim()),
      { output: "string" },
    ),
  )
  .superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      if (!PARAMETER_NAME.test(name))
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "is not a PostgreSQL parameter name (letters, digits and '_', e.g. work_mem)",
        });
    }
  });

/**
 * A minor version only moves forward (the patch endpoint cannot go back); a major downgrade is
 * refused too, never planned as a replacement (core/versions.ts).
 */
export function versionChangeError(from: string | undefined, to: string, newResource: string): InputError | undefined {
  if (from !== undefined && majorOf(from) === majorOf(to) && compareVersions(to, from) < 0) {
    return new InputError("engineVersion", `minor versions can only move forward: ${from} → ${to}`);
  }
  return downgradeError("engineVersion", from, to, newResource);
}
