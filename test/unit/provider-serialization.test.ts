import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { providerFor, providerModuleName } from "../../src/provider";
import { kinds } from "../../src/runtime";

// The provider object is serialized into every resource's state. It must stay tiny, call the
// installed runtime, and capture nothing secret even when credentials are in the environment.
describe("serialized provider", () => {
  it("is small, holds no secret and calls pulumi-dbaas/runtime", async () => {
    process.env.SCP_SECRET_KEY = "env-secret-key-value";
    const provider = providerFor("scp:Cluster");
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(serialized.containsSecrets).toBe(false);
    expect(serialized.text.length).toBeLessThan(4000);
    expect(serialized.text).toContain('require("pulumi-dbaas/runtime")');
    expect(serialized.text).toContain("scp:Cluster");
    expect(serialized.text).not.toContain("env-secret-key-value");
    expect(serialized.text).not.toMatch(/undici|HttpClient|createHmac/);
  });

  it("is one singleton per kind", () => {
    expect(providerFor("scp:Cluster")).toBe(providerFor("scp:Cluster"));
  });

  it("every kind has its own provider module (what the state's require names)", () => {
    for (const kind of kinds()) {
      const file = join(__dirname, "../../src/providers", `${providerModuleName(kind)}.ts`);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, "utf8")).toContain(`module.exports = providerFor("${kind}");`);
    }
  });
});
