// SCP client rules that need no server: settings that could move the request host are refused
// naming the key, ids are validated before they go into a path, only the API's error envelope is
// a not-found answer, and parameter values are checked against the catalogue's type rules.
import { describe, expect, it } from "vitest";
import { isScpNotFoundAnswer, scpSettings, serviceUrl } from "../../src/scp/client";
import { pathId } from "../../src/scp/kit/endpoints";
import { valueProblem } from "../../src/scp/catalog";
import { secretInputKeys } from "../../src/runtime";
import { GATEWAY_404_HTML } from "../../simulator/src/gateway-page";

const ctx = (config: Record<string, string>) => ({
  config: (k: string) => ({ "scp:accessKey": "ak", "scp:secretKey": "sk-unit", ...config })[k],
  log: () => {},
  warn: () => {},
});

describe("SCP settings", () => {
  it("builds the documented host from region and environment", () => {
    const s = scpSettings(ctx({ "scp:region": "kr-east1", "scp:environment": "s" }));
    expect(serviceUrl("postgresql", s)).toBe("https://postgresql.kr-east1.s.samsungsdscloud.com");
  });

  it.each([
    ["scp:region", "attacker.example/x?"],
    ["scp:region", "kr-west1.attacker.example"],
    ["scp:region", "kr-west1@evil"],
    ["scp:environment", "e.attacker.example#"],
    ["scp:environment", "E/../x"],
    ["scp:endpoint", "https://{service}.example.com/?q=1"],
    ["scp:endpoint", "ftp://{service}.example.com"],
    ["scp:endpoint", "https://user:pw@{service}.example.com"],
  ])("%s = %s is refused, naming the key", (key, value) => {
    expect(() => scpSettings(ctx({ [key]: value }))).toThrow(new RegExp(`^${key} \\(or SCP_[A-Z]+\\) `));
  });
});

describe("ids in URL paths", () => {
  it("passes an SCP id and refuses anything else", () => {
    expect(pathId("0fdd87aab8cb46f59b7c1f81ed03fb3e")).toBe("0fdd87aab8cb46f59b7c1f81ed03fb3e");
    for (const bad of [
      "../users/x",
      "0fdd87aab8cb46f59b7c1f81ed03fb3e#x",
      "0fdd87aab8cb46f59b7c1f81ed03fb3e?a=b",
      "",
      "0FDD87AAB8CB46F59B7C1F81ED03FB3E",
    ]) {
      expect(() => pathId(bad, "instance group")).toThrow(`instance group id ${JSON.stringify(bad)} is not an SCP id`);
    }
  });
});

describe("the API's own not-found answer", () => {
  it("is the errors envelope, and nothing else", () => {
    expect(isScpNotFoundAnswer({ errors: [{ code: "NOT_FOUND", detail: "cluster x not found" }] })).toBe(true);
    expect(isScpNotFoundAnswer({ errors: [{ detail: ["not found"] }] })).toBe(true);
    expect(isScpNotFoundAnswer(GATEWAY_404_HTML)).toBe(false);
    expect(isScpNotFoundAnswer("404 page not found")).toBe(false);
    expect(isScpNotFoundAnswer({ message: "no Route matched with those values" })).toBe(false);
    expect(isScpNotFoundAnswer({ error: { code: 404, title: "Not Found", message: "datastore x not found." } })).toBe(false);
    expect(isScpNotFoundAnswer({ errors: [] })).toBe(false);
    expect(isScpNotFoundAnswer(undefined)).toBe(false);
  });
});

describe("parameter values against the catalogue's type rules", () => {
  it.each([
    ["integer", "25-5000", "200", undefined],
    ["integer", "25-5000", "lots", "is not an integer"],
    ["integer", "25-5000", "1", "is outside 25..5000"],
    ["integer", "-1-2147483647", "-1", undefined],
    ["enum", "none,ddl,mod,all", "ddl", undefined],
    ["enum", "none,ddl,mod,all", "every", "is not one of none, ddl, mod, all"],
    ["boolean", "on,off", "true", "is not one of on, off"],
    ["float", "0-1", "0.5", undefined],
    ["float", "0-1", "half", "is not a number"],
    ["string", "", "anything", undefined],
    ["", "", "anything", undefined], // a type the documents do not name is left to the API
  ])("%s (%s) %s → %s", (type, allows, value, problem) => {
    expect(valueProblem(type, allows, value)).toBe(problem);
  });
});

describe("secrets", () => {
  it("databasePassword is a secret input whatever the program passes", () => {
    expect(secretInputKeys("scp:Cluster")).toEqual(["databasePassword", "brokerSaslPassword", "zookeeperSaslPassword", "akhqPassword"]);
  });
});
