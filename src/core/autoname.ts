// Auto-naming: a resource whose program leaves `name` out gets one made of its logical name and a
// suffix that fits the API's name rule. Pulumi's own providers draw the suffix from the random seed
// the engine passes to `check`; dynamic providers never receive that seed, and `check` runs in
// `preview` and again in `up`, so a random suffix would show one name in the preview and create
// another. The suffix is therefore derived from the resource's identity (the `__owner` hash of
// organisation, project, stack, parent and logical name): the same on every run of this resource,
// different for the same logical name in another stack. See docs/auto-naming.md.

import { createHash } from "node:crypto";

/** How a kind's API names objects, for the names this package makes up. */
export interface NameRule {
  /** The longest name the API accepts. */
  max: number;
  /**
   * The characters the API accepts, as the body of a regular-expression character class
   * ("a-z0-9-"). Any other run of characters in the logical name becomes `separator`.
   */
  chars: string;
  /** Between the part taken from the logical name and the suffix; "" when the API takes letters only. */
  separator: "" | "-" | "_";
  /** Lower-case the logical name (the API, or the database engine behind it, folds case). */
  lowerCase?: true;
}

/** Letters only, so the suffix fits every rule (SCP cluster names are letters only). 26^7 ≈ 8·10^9. */
export const SUFFIX_LENGTH = 7;

/** The suffix for one identity: lower-case letters derived from its hash. */
export function nameSuffix(identity: string): string {
  let n = BigInt(`0x${createHash("sha256").update(`pulumi-dbaas autoname\0${identity}`).digest("hex").slice(0, 16)}`);
  let out = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    out += String.fromCharCode(97 + Number(n % 26n));
    n /= 26n;
  }
  return out;
}

/**
 * `<logical name, cleaned>` + separator + suffix, within `rule.max`. The logical-name part loses
 * accents, characters the API refuses, leading non-letters (every rule accepts a letter first) and
 * trailing punctuation; when nothing is left, the name is the suffix alone.
 */
export function autoName(rule: NameRule, logicalName: string, identity: string): string {
  let prefix = logicalName.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  if (rule.lowerCase) prefix = prefix.toLowerCase();
  prefix = prefix.replace(new RegExp(`[^${rule.chars}]+`, "g"), rule.separator);
  if (rule.separator)
    prefix = prefix
      .split(rule.separator)
      .filter((part) => part !== "")
      .join(rule.separator);
  prefix = prefix.replace(/^[^a-zA-Z]+/, "");
  prefix = prefix.slice(0, Math.max(0, rule.max - SUFFIX_LENGTH - rule.separator.length)).replace(/[^a-zA-Z0-9]+$/, "");
  const suffix = nameSuffix(identity);
  return prefix ? `${prefix}${rule.separator}${suffix}` : suffix;
}
