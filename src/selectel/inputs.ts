// Input rules shared by the Selectel resources, checked in `check` (before any API call).

import { z } from "zod";
import { hostBitsSet, shown } from "../core/values";
import { tsType } from "../core/ts-type";

/**
 * Ids of Selectel objects are UUIDs (reference §1.3; GO validates datastore ids as UUIDs before
 * calling). Ids go into URL paths, so anything else ("../users/x", "<uuid>#x") is refused here,
 * and every path segment is encoded as well (client.ts `seg`).
 */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// The API's ids are lower case and it answers 404 for the same id in upper case (which `up` would
// then call gone): one pasted from a console in upper case is taken in lower case.
export const objectId = tsType(
  z
    .string()
    .regex(UUID, "must be a Selectel object id (a UUID such as 3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a)")
    .transform((v) => v.toLowerCase()),
  { output: "string" },
);

/** Ids compared as the API compares them: a state recorded before ids were lower-cased plans no replacement. */
export const sameId = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

/** A network subnet (OpenStack ids are UUIDs; the create body carries it as is). */
export const subnetId = z.string().superRefine((v, ctx) => {
  if (!UUID.test(v))
    ctx.addIssue({ code: "custom", message: `${shown(v)} is not a subnet id: a UUID such as 3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a` });
});

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/**
 * One firewall entry: an IPv4 address or CIDR, strictly (each octet 0–255 without leading zeros,
 * prefix 0–32). A `/32` is the address itself: the API answers it without the suffix, so it is
 * stored without it and state and API compare equal.
 */
export const firewallEntry = tsType(
  z
    .string()
    .superRefine((v, ctx) => {
      const [ip, prefix, ...rest] = v.split("/");
      const prefixOk = prefix === undefined || /^(3[0-2]|[12]?\d)$/.test(prefix);
      if (rest.length > 0 || !IPV4.test(ip ?? "") || !prefixOk) {
        ctx.addIssue({ code: "custom", message: `must be an IPv4 address or CIDR such as 10.0.0.5 or 10.0.0.0/24, got ${shown(v)}` });
        return;
      }
      const network = prefix === undefined ? undefined : hostBitsSet(ip.split(".").map(Number), Number(prefix));
      if (network) ctx.addIssue({ code: "custom", message: `${shown(v)} has host bits set: a CIDR names a network; use ${network}` });
    })
    .transform((v) => v.replace(/\/32$/, "")),
  { output: "string" },
);
