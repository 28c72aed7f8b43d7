// Version rules every database kind shares. A database never moves to an older version: no engine
// can downgrade its data files in place, and the only other plan (a replacement) would delete the
// database first. So a downgrade is refused in `check`, with the way out, instead of being planned.

import { InputError } from "./errors";

/** Dotted numeric versions compared part by part ("16.10" is after "16.9"; a missing part is 0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number),
    pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const majorOf = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "").split(".")[0];

/**
 * `to` older than `from`: refused, saying why and what to do instead. `newResource` names the
 * resource a user declares for the older version ("a new scp.Cluster").
 */
export function downgradeError(property: string, from: unknown, to: unknown, newResource: string): InputError | undefined {
  if (typeof from !== "string" || typeof to !== "string" || from === "" || compareVersions(to, from) >= 0) return undefined;
  const kind = majorOf(from) === majorOf(to) ? "a downgrade" : "a major-version downgrade";
  return new InputError(
    property,
    `${from} → ${to} is ${kind}: a database cannot move to an older version in place, and replacing ` +
      `it would delete this database and its data first, so nothing is planned. Keep ${from} here; to ` +
      `run ${to}, declare ${newResource} (another name) at ${to}, restore a backup or a dump of this ` +
      `one into it, then remove this one`,
  );
}
