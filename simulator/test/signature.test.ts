import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeScpSignature, verifyScpRequest } from "../src/scp/signature";
import { ScpUnauthorizedError } from "../src/scp/errors";
import { ACCESS_KEY, type ScpClient, SECRET_KEY, sign, startManualSim } from "./helpers";
import type { Simulator } from "../src";

// Known-answer vectors of reference scp.md §1.1.
const VECTORS = [
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
] as const;

describe("SCP signature (reference §1.1)", () => {
  it.each(VECTORS)("%s %s", (method, url, expected) => {
    const input = {
      method,
      url,
      timestamp: "1605290625682",
      accessKey: "test-access-key",
      accountId: "",
      clientType: "Openapi",
      secretKey: "test-secret-key",
    };
    expect(computeScpSignature(input)).toBe(expected);
    // The tests' own signer agrees with the vector too.
    expect(sign(method, url, "1605290625682", "test-access-key", "test-secret-key")).toBe(expected);
  });

  it("verifies a vector request and rejects any change to it", () => {
    const [method, url, signature] = VECTORS[0];
    const headers = {
      "scp-accesskey": "test-access-key",
      "scp-timestamp": "1605290625682",
      "scp-signature": signature,
      "scp-clienttype": "Openapi",
    };
    const creds = { accessKey: "test-access-key", secretKey: "test-secret-key", accountId: "acct-a" };
    const other = { accessKey: "other-access-key", secretKey: "other-secret-key", accountId: "acct-b" };
    // The key's own account is the answer, whichever other keys are known.
    expect(verifyScpRequest(headers, method, url, [other, creds], 1605290625682 + 1000)).toBe("acct-a");
    expect(() => verifyScpRequest(headers, method, url, [other], 1605290625682)).toThrow(/unknown access key/);
    expect(() => verifyScpRequest(headers, "DELETE", url, [creds], 1605290625682)).toThrow(ScpUnauthorizedError);
    expect(() => verifyScpRequest(headers, method, `${url}x`, [creds], 1605290625682)).toThrow(/signature does not match/);
    expect(() => verifyScpRequest(headers, method, url, [{ ...creds, secretKey: "other" }], 1605290625682)).toThrow(/signature/);
    expect(() => verifyScpRequest(headers, method, url, [creds], 1605290625682 + 5 * 60 * 1000 + 1)).toThrow(/5 minutes/);
    expect(() => verifyScpRequest({ ...headers, "scp-accountid": "acct" }, method, url, [creds], 1605290625682)).toThrow(/signature/);
  });
});

describe("SCP gateway over HTTP", () => {
  let sim: Simulator;
  let api: ScpClient;
  beforeAll(async () => {
    ({ sim, api } = await startManualSim());
  });
  afterAll(() => sim.close());

  it("accepts a correctly signed request, with the access key header in any case", async () => {
    expect((await api.get("/v1/clusters")).status).toBe(200);
    const ts = String(Date.now());
    const url = `${api.base}/v1/clusters`;
    const res = await fetch(url, {
      headers: {
        "scp-accesskey": ACCESS_KEY,
        "SCP-TIMESTAMP": ts,
        "Scp-Signature": sign("GET", url, ts, ACCESS_KEY, SECRET_KEY),
        "Scp-ClientType": "Openapi",
      },
    });
    expect(res.status).toBe(200);
  });

  it("signs the query string as sent", async () => {
    const r = await api.get("/v1/clusters?size=5&page=0");
    expect(r.status).toBe(200);
    expect(r.body.size).toBe(5);
    // Signing the URL without the query fails.
    const bad = await api.get("/v1/clusters?size=5&page=0", { signUrl: `${api.base}/v1/clusters` });
    expect(bad.status).toBe(401);
  });

  it("includes Scp-AccountId in the message when present", async () => {
    const url = `${api.base}/v1/clusters`;
    const ts = String(Date.now());
    const headers = { "Scp-AccessKey": ACCESS_KEY, "Scp-Timestamp": ts, "Scp-ClientType": "Openapi", "Scp-AccountId": "acc1" };
    const good = await fetch(url, { headers: { ...headers, "Scp-Signature": sign("GET", url, ts, ACCESS_KEY, SECRET_KEY, "acc1") } });
    expect(good.status).toBe(200);
    const bad = await fetch(url, { headers: { ...headers, "Scp-Signature": sign("GET", url, ts, ACCESS_KEY, SECRET_KEY) } });
    expect(bad.status).toBe(401);
  });

  it.each([
    ["wrong access key", { accessKey: "nope" }],
    ["wrong secret key", { secretKey: "nope" }],
    ["timestamp 6 minutes old", { timestamp: Date.now() - 6 * 60 * 1000 }],
    ["timestamp 6 minutes ahead", { timestamp: Date.now() + 6 * 60 * 1000 }],
    ["wrong client type", { headers: { "Scp-ClientType": "Console" } }],
    ["another URL signed", { signUrl: "http://example.com/scp/postgresql/v1/clusters" }],
  ])("401 on %s, with the SCP error body", async (_name, o) => {
    const r = await api.get("/v1/clusters", o);
    expect(r.status).toBe(401);
    expect(r.body.errors[0].code).toBe("UNAUTHORIZED");
    expect(typeof r.body.errors[0].detail).toBe("string");
  });

  it("401 when the signature header is missing", async () => {
    const res = await fetch(`${api.base}/v1/clusters`, {
      headers: { "Scp-AccessKey": ACCESS_KEY, "Scp-Timestamp": String(Date.now()), "Scp-ClientType": "Openapi" },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].detail).toMatch(/Scp-Signature/);
  });

  it("answers the unsigned version discovery at the base URL", async () => {
    const res = await fetch(`${api.base}/`);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.versions.map((v: any) => `${v.id}:${v.status}`)).toEqual(["v1.0:DEPRECATED", "v1.1:CURRENT"]);
  });

  it("checks Scp-Api-Version", async () => {
    expect((await api.get("/v1/clusters", { version: "postgresql 1.0" })).status).toBe(200);
    expect((await api.get("/v1/clusters", { version: null })).status).toBe(200);
    for (const v of ["postgresql 2.0", "cachestore 1.0", "postgresql", "1.1"]) {
      const r = await api.get("/v1/clusters", { version: v });
      expect(r.status, v).toBe(400);
      expect(r.body.errors[0].code).toBe("UNSUPPORTED_API_VERSION");
    }
  });

  it("an unknown path and a prefix outside any service get the gateway's HTML 404, not the SCP error body", async () => {
    for (const url of [`${sim.url}/scp/postgresql/v1/nothing`, `${sim.url}/scp/nosuchservice/v1/clusters`]) {
      const res = await fetch(url);
      expect([res.status, res.headers.get("content-type")]).toEqual([404, "text/html"]);
      expect(await res.text()).toContain("<title>404 Not Found</title>");
    }
    // A known route with a missing object is the API's own answer.
    const r = await api.get(`/v1/clusters/${"f".repeat(32)}`);
    expect([r.status, r.body.errors[0].code]).toEqual([404, "NOT_FOUND"]);
  });
});
