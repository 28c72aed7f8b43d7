// The API reference of `npm run docs`: TypeDoc with typedoc.json (warnings are errors, so a public
// type that names an unexported one fails) renders a page for every public class. Run here so
// that `npm test`, which is what CI runs, fails when `npm run docs` would. It writes to a scratch
// directory, not docs/api (generated, ignored by git). TypeDoc reads the sources: no build needed.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PUBLIC_CLASSES } from "../support/declarations";

const exec = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

describe("npm run docs (TypeDoc)", () => {
  it("keeps warnings as errors", () => {
    const config = JSON.parse(readFileSync(join(ROOT, "typedoc.json"), "utf8"));
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.out).toBe("docs/api");
    expect(readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n")).toContain("docs/api/");
  });

  it("renders the reference without a warning, a page per public class", { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "dbaas-api-docs-"));
    try {
      const result = await exec(process.execPath, [join(ROOT, "node_modules/typedoc/bin/typedoc"), "--out", out], {
        cwd: ROOT,
        maxBuffer: 16 * 1024 * 1024,
      }).then(
        ({ stdout, stderr }) => ({ code: 0, text: stdout + stderr }),
        (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code, text: `${err.stdout}${err.stderr}` }),
      );
      expect(result).toEqual({ code: 0, text: expect.not.stringMatching(/\[(warning|error)\]/) });
      for (const { file, className } of PUBLIC_CLASSES) {
        const namespace = file.split("/")[1];
        expect(existsSync(join(out, "classes", `${namespace}.${className}.html`)), `${namespace}.${className}`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
