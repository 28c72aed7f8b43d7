// Every relative link of the documents (README.md, docs/**/*.md, ARCHITECTURE.md, CONTRIBUTING.md:
// test/support/docs.ts) points at a file of the repository, and a `#anchor` at a heading of the
// target markdown file (GitHub's heading ids), so moving a page or renaming a heading cannot
// leave a reader at a dead link.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, docs } from "../support/docs";

/** The text outside fenced code blocks and inline code spans. */
const prose = (text: string): string => text.replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, "").replace(/`[^`\n]*`/g, "");

/** GitHub's id of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, "");
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** [document, link target] for every relative link. */
function links(): [string, string][] {
  const out: [string, string][] = [];
  for (const d of docs()) {
    for (const m of prose(d.text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      out.push([d.path, target]);
    }
  }
  return out;
}

function problem(from: string, target: string): string | undefined {
  const [path, anchor] = target.split("#") as [string, string | undefined];
  const file = path === "" ? join(ROOT, from) : join(ROOT, dirname(from), decodeURIComponent(path));
  if (!file.startsWith(ROOT)) return `${from}: ${target} leaves the repository`;
  if (!existsSync(file)) return `${from}: ${target} → ${relative(ROOT, file)} does not exist`;
  if (anchor && statSync(file).isFile() && file.endsWith(".md") && !anchorsOf(file).has(anchor)) {
    return `${from}: ${target} → no heading #${anchor} in ${relative(ROOT, file)}`;
  }
  return undefined;
}

describe("links between the documents", () => {
  const all = links();
  it("finds the links (the README links to the reference)", () => {
    expect(all.filter(([from, to]) => from === "README.md" && to.startsWith("docs/resources/")).length).toBeGreaterThan(5);
  });

  it("points every relative link at an existing file and heading", () => {
    expect(all.map(([from, to]) => problem(from, to)).filter(Boolean)).toEqual([]);
  });

  it("the heading ids are GitHub's", () => {
    expect(slug("The Pulumi CLI, built from source")).toBe("the-pulumi-cli-built-from-source");
    expect(slug("`pulumi-dbaas adopt`: the declaration, written for you")).toBe("pulumi-dbaas-adopt-the-declaration-written-for-you");
    expect(slug("Samsung Cloud Platform: a PostgreSQL cluster")).toBe("samsung-cloud-platform-a-postgresql-cluster");
  });
});
