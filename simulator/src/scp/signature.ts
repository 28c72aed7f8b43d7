/**
 * SCP OpenAPI request signatures (reference scp.md §1.1):
 *
 *   message   = method + url + timestamp + accessKey + accountId + clientType   (no separators)
 *   signature = base64( HMAC-SHA256(key = secretKey, data = message) )
 *
 * `url` is the absolute URL exactly as requested (scheme, host, raw path and raw query); the body
 * is not signed. The timestamp is milliseconds since the epoch; we reject clock skew over 5 minutes
 * (the real tolerance is not published).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { ScpUnauthorizedError } from "./errors";

export const SCP_CLIENT_TYPE = "Openapi";
export const SCP_MAX_SKEW_MS = 5 * 60 * 1000;

export interface ScpSignatureInput {
  method: string;
  url: string;
  timestamp: string;
  accessKey: string;
  accountId?: string;
  clientType?: string;
  secretKey: string;
}

export interface ScpCredentials {
  accessKey: string;
  secretKey: string;
  /** The account the key belongs to: every call signed with it sees that account's objects only. */
  accountId: string;
}

export function computeScpSignature(i: ScpSignatureInput): string {
  const message = `${i.method.toUpperCase()}${i.url}${i.timestamp}${i.accessKey}${i.accountId ?? ""}${i.clientType ?? SCP_CLIENT_TYPE}`;
  return createHmac("sha256", Buffer.from(i.secretKey, "utf8")).update(message, "utf8").digest("base64");
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Throws {@link ScpUnauthorizedError} unless the request carries a valid, fresh signature by one of
 * the known keys; answers the account that key belongs to.
 */
export function verifyScpRequest(
  headers: IncomingHttpHeaders,
  method: string,
  fullUrl: string,
  keys: readonly ScpCredentials[],
  nowMs: number,
): string {
  const accessKey = header(headers, "Scp-AccessKey");
  const timestamp = header(headers, "Scp-Timestamp");
  const signature = header(headers, "Scp-Signature");
  const clientType = header(headers, "Scp-ClientType");
  const accountId = header(headers, "Scp-AccountId") ?? "";
  if (!accessKey || !timestamp || !signature || !clientType) {
    const missing = [
      ["Scp-AccessKey", accessKey],
      ["Scp-Timestamp", timestamp],
      ["Scp-Signature", signature],
      ["Scp-ClientType", clientType],
    ]
      .filter(([, v]) => !v)
      .map(([k]) => k);
    throw new ScpUnauthorizedError(`missing authentication header(s): ${missing.join(", ")}`);
  }
  if (clientType !== SCP_CLIENT_TYPE) throw new ScpUnauthorizedError(`Scp-ClientType must be ${SCP_CLIENT_TYPE}`);
  if (!/^\d{1,16}$/.test(timestamp)) throw new ScpUnauthorizedError("Scp-Timestamp must be milliseconds since the epoch");
  if (Math.abs(nowMs - Number(timestamp)) > SCP_MAX_SKEW_MS) {
    throw new ScpUnauthorizedError("Scp-Timestamp is more than 5 minutes away from the server time");
  }
  const creds = keys.find((k) => k.accessKey === accessKey);
  if (!creds) throw new ScpUnauthorizedError("unknown access key");
  const expected = Buffer.from(
    computeScpSignature({ method, url: fullUrl, timestamp, accessKey, accountId, clientType, secretKey: creds.secretKey }),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ScpUnauthorizedError("signature does not match");
  }
  return creds.accountId;
}
