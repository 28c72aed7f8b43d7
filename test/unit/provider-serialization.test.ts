import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
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

  it("as installed, is a require of the kind's module, under 1 KB, for every kind", () => {
    // The layout of an installed package (node_modules/pulumi-dbaas/dist/...), made from the sources
    // the provider needs, so the serializer sees what it sees in a user's program.
    const root = mkdtempSync(join(tmpdir(), "dbaas-serialize-"));
    const pkg = join(root, "node_modules", "pulumi-dbaas");
    mkdirSync(join(pkg, "dist", "providers"), { recursive: true });
    const src = resolve(__dirname, "../../src");
    const js = (file: string) =>
      ts.transpileModule(readFileSync(file, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText;
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({
        name: "pulumi-dbaas",
        main: "dist/index.js",
        exports: { "./providers/*": "./dist/providers/*.js", "./runtime": "./dist/runtime.js" },
      }),
    );
    writeFileSync(join(pkg, "dist", "provider.js"), js(join(src, "provider.ts")));
    for (const kind of kinds()) {
      const name = providerModuleName(kind);
      writeFileSync(join(pkg, "dist", "providers", `${name}.js`), js(join(src, "providers", `${name}.ts`)));
    }
    const script = `
      const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
      const { providerFor } = require(${JSON.stringify(join(pkg, "dist", "provider.js"))});
      (async () => {
        const out = {};
        for (const kind of ${JSON.stringify(kinds())}) {
          const provider = providerFor(kind);
          out[kind] = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
        }
        console.log(JSON.stringify(out));
      })();`;
    writeFileSync(join(root, "serialize.js"), script);
    const texts: Record<string, string> = JSON.parse(
      execFileSync(process.execPath, [join(root, "serialize.js")], { cwd: root, encoding: "utf8" }),
    );
    for (const kind of kinds()) {
      const text = texts[kind];
      // The serializer names the module by its file (dist/providers/…) or its export subpath (providers/…).
      expect(text, kind).toMatch(new RegExp(`require\\("pulumi-dbaas/(?:dist/)?providers/${providerModuleName(kind)}(?:\\.js)?"\\)`));
      expect(text, kind).not.toMatch(/async function|runtime/);
      expect(Buffer.byteLength(text), kind).toBeLessThan(1024);
    }
  }, 60_000);
});
