import { describe, expect, it } from "vitest";
import { scpSignature, signedHeaders } from "../../src/scp/signing";

// Known-answer vectors from reference/scp.md §1.1.
const base = { accessKey: "test-access-key", secretKey: "test-secret-key", timestamp: "1605290625682", accountId: "" };

describe("SCP request signature", () => {
  it.each([
    [
      "GET",
      "https://postgresql.kr-west1.e.samsungsdscloud.com/v1/clusters/0fdd87aab8cb46f59b7c1f81ed03fb3e",
      "p3W8WT8K1CAnXfIzEcFZocEB2I58Piq/MTvfHMzE35A=",
    ],
    [
      "GET",
      "https://postgresql.kr-west1.e.samsungsdscloud.com/v1/clusters?name=mydb&page=0&size=20",
      "mycLnlWSK58C+8Bg0R2FMauzIBxtuVPFDizhLX7SjS4=",
    ],
    ["POST", "https://cachestore.kr-west1.e.samsungsdscloud.com/v1/clusters", "XaJOwch2Stdvz1Usen+QCwqxvCYZQR9lGS3pH1GRnog="],
  ])("%s %s", (method, url, expected) => {
    expect(scpSignature({ ...base, method, url })).toBe(expected);
  });

  it("puts the same timestamp in the header and the signature", () => {
    const h = signedHeaders({ method: "GET", url: "https://x/v1/clusters", accessKey: "a", secretKey: "s" }, 1605290625682);
    expect(h["Scp-Timestamp"]).toBe("1605290625682");
    expect(h["Scp-Signature"]).toBe(
      scpSignature({ method: "GET", url: "https://x/v1/clusters", accessKey: "a", secretKey: "s", timestamp: "1605290625682" }),
    );
    expect(h["Scp-ClientType"]).toBe("Openapi");
  });
});
