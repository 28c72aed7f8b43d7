// The markdown documents the tests read: the user's README, the reference and guides under docs/
// (not the generated API reference docs/api/), ARCHITECTURE.md and CONTRIBUTING.md. One list, so
// a new page is type-checked, link-checked and version-checked as soon as it exists.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");

export interface Doc {
  path: string;
  text: string;
}

/** Every document, README.md first; `path` is relative to the repository root. */
export function docs(): Doc[] {
  const files = ["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"].map((f) => join(ROOT, f)).filter((f) => existsSync(f));
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (relative(ROOT, full) !== join("docs", "api")) walk(full);
      } else if (e.name.endsWith(".md")) files.push(full);
    }
  };
  if (existsSync(join(ROOT, "docs"))) walk(join(ROOT, "docs"));
  return files.map((f) => ({ path: relative(ROOT, f), text: readFileSync(f, "utf8") }));
}

/** One document by its path from the root. */
export const doc = (path: string): Doc => ({ path, text: readFileSync(join(ROOT, path), "utf8") });
