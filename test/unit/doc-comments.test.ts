// The hover docs of the public classes, checked against the field tables: every input of a kind is
// in its Args interface with a doc comment that says how a change is applied (in place through
// which endpoints, or a replace) and its default, in the words core/docs.ts renders from the field
// table and the schema; every output, class, `get` and `isInstance` is documented too.
import { describe, expect, it } from "vitest";
import { defaultOf, defaultNote, requiredNotes } from "../../src/core/docs";
import { allFields } from "../../src/core/resource";
import { definitionOf } from "../../src/runtime";
import { PUBLIC_CLASSES, PUBLIC_FILES, classDoc, classMembers, interfaceMembers, sourceOf } from "../support/declarations";
import ts from "typescript";

const label = (c: (typeof PUBLIC_CLASSES)[number]) => `${c.kind} (${c.className})`;

describe("Args doc comments agree with the field tables", () => {
  const cases = PUBLIC_CLASSES.flatMap((c) => c.args.map((a) => ({ c, a })));
  it.each(cases.map(({ c, a }) => [`${label(c)} ${a.name}`, c, a] as const))("%s", (_name, c, a) => {
    const def = definitionOf(c.kind);
    const variant = a.variant ? def.variants!.of[a.variant] : def;
    const members = interfaceMembers(a.file, a.name);
    // Every input of the schema is in the interface, and nothing else.
    expect(members.map((m) => m.name).sort()).toEqual(variant.fields.map((f) => f.key).sort());
    const problems: string[] = [];
    for (const m of members) {
      const notes = requiredNotes(variant, m.name);
      for (const note of notes) if (!m.doc.includes(note)) problems.push(`${m.name}: missing "${note}" (doc: "${m.doc}")`);
      // Beyond the generated sentences, a word on what the input is.
      let rest = m.doc;
      for (const note of notes) rest = rest.replace(note, "");
      if (rest.trim().length < 8) problems.push(`${m.name}: says only how a change applies, not what it is`);
      // A doc must never claim the opposite of the table.
      if (notes[0]?.startsWith("Changing it replaces") && /Changed in place/.test(m.doc))
        problems.push(`${m.name}: says in place, the table says replace`);
      if (notes[0]?.startsWith("Changed in place:") && /replaces the resource/.test(m.doc))
        problems.push(`${m.name}: says replace, the table says in place`);
    }
    expect(problems).toEqual([]);
  });
});

describe("classes are documented for hover", () => {
  it.each(PUBLIC_CLASSES.map((c) => [label(c), c] as const))("%s", (_name, c) => {
    const problems: string[] = [];
    const doc = classDoc(c.file, c.className);
    if (!/```ts .*new dbaas\.\w+\.\w+\(/.test(doc)) problems.push("class doc has no TypeScript example (```ts … new dbaas.…)");
    const members = classMembers(c.file, c.className);
    const outputs = members.filter((m) => m.isDeclare && !m.isStatic);
    for (const m of outputs) if (m.doc.length < 8) problems.push(`output ${m.name} has no doc comment`);
    // Every input reads back as an output (with its default: the doc says which).
    const def = definitionOf(c.kind);
    const variants = def.variants ? Object.values(def.variants.of) : [def];
    for (const key of new Set(allFields(def).map((f) => f.key))) {
      const out = outputs.find((m) => m.name === key);
      if (!out) {
        problems.push(`input ${key} is not a declared output`);
        continue;
      }
      const defaults = new Set(
        variants.filter((v) => v.fields.some((f) => f.key === key)).map((v) => JSON.stringify(defaultOf(v, key)?.value)),
      );
      const [only] = [...defaults];
      if (defaults.size === 1 && only !== undefined && !out.doc.includes(defaultNote(JSON.parse(only)))) {
        problems.push(`output ${key}: doc does not say "${defaultNote(JSON.parse(only))}"`);
      }
    }
    for (const name of ["get", "isInstance"]) {
      const m = members.find((x) => x.name === name && x.isStatic);
      if (!m) problems.push(`no static ${name}`);
      else if (m.doc.length < 20) problems.push(`static ${name} has no doc comment`);
    }
    expect(problems).toEqual([]);
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
