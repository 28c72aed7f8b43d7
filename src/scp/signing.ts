// SCP OpenAPI request signature (reference/scp.md §1.1, from the official Go SDK):
//   signature = base64(HMAC-SHA256(secretKey, method + url + timestamp + accessKey + accountId + clientType))
// `url` is the absolute URL exactly as sent, query included. The body is not signed.

import { createHmac } from "node:crypto";

export const CLIENT_TYPE = "Openapi";

export interface SignInput {
  method: string;
  url: string;
  timestamp: string;
  accessKey: string;
  secretKey: string;
  accountId?: string;
}

export function scpSignature(input: SignInput): string {
  const message = input.method.toUpperCase() + input.url + input.timestamp + input.accessKey + (input.accountId ?? "") + CLIENT_TYPE;
  return createHmac("sha256", Buffer.from(input.secretKey, "utf8")).update(message, "utf8").digest("base64");
}

/** The headers of one signed request (reference/scp.md §1.2). */
export function signedHeaders(input: Omit<SignInput, "timestamp">, now: number = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return {
    "Scp-AccessKey": input.accessKey,
    "Scp-Signature": scpSignature({ ...input, timestamp }),
    "Scp-Timestamp": timestamp,
    "Scp-ClientType": CLIENT_TYPE,
    "Scp-AccountId": input.accountId ?? "",
  };
}
