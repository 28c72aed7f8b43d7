// The hover docs written by hand: every class spec (src/<cloud>/classes/) shows a TypeScript
// example, and every property of an exported interface of the public files has a doc comment (the
// named types are written by hand; the generated Args and classes get theirs from the class spec and
// the field table, and `npm run kinds` refuses an input or output the spec says nothing of).
import { describe, expect, it } from "vitest";
import { REGISTRY } from "../../src/registry";
import { PUBLIC_FILES, interfaceMembers, sourceOf } from "../support/declarations";
import ts from "typescript";

describe("class docs", () => {
  it.each(REGISTRY.map((r) => [r.definition.kind, r.class.doc.join("\n")]))("%s has a TypeScript example", (_kind, doc) => {
    expect(doc).toMatch(/```ts\n[\s\S]*new dbaas\.\w+\.\w+\(/);
  });
});

describe("every property of an exported interface has a doc comment", () => {
  it.each(PUBLIC_FILES.map((f) => [f]))("%s", (file) => {
    const source = sourceOf(file);
    const missing: string[] = [];
    for (const s of source.statements) {
      if (!ts.isInterfaceDeclaration(s)) continue;
      for (const m of interfaceMembers(file, s.name.text)) if (m.doc.length < 3) missing.push(`${s.name.text}.${m.name}`);
    }
    expect(missing).toEqual([]);
  });
});
