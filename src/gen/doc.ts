// The doc renderer of `npm run kinds`: each input's doc comment is what the class spec says it is,
// then the sentences core/docs.ts renders from the field table and the schema (how a change
// applies and through which endpoints, the default, a secret, an auto-name); each output's is what
// it reads back as, then the default. Comments are wrapped here: Prettier leaves comments alone.

import { AUTO_NAME_NOTE, defaultNote, defaultOf, requiredNotes } from "../core/docs";
import type { ResourceDefinition } from "../core/resource";

type Definition = ResourceDefinition<any, any>;

/** The doc comment text of input `key` of `def` (a kind, or one variant of it). */
export function inputDoc(def: Definition, key: string, what: string | undefined): string {
  if (what === undefined || what.trim() === "") throw new Error(`${def.kind}: the class spec says nothing of input ${key}`);
  const notes = requiredNotes(def, key).filter((n) => n !== AUTO_NAME_NOTE);
  // The auto-name sentence ends the comment on its own line, after the field table's.
  const auto = requiredNotes(def, key).includes(AUTO_NAME_NOTE);
  return [what.trim(), ...notes].join(" ") + (auto ? `\n${AUTO_NAME_NOTE}` : "");
}

/** The doc comment text of the output of input `key`: the default is stated when every variant that has the input agrees on it. */
export function outputDoc(variants: readonly Definition[], key: string, what: string | undefined): string {
  if (what === undefined || what.trim() === "") throw new Error(`${variants[0]?.kind}: the class spec says nothing of output ${key}`);
  const defaults = new Set(
    variants.filter((v) => v.fields.some((f) => f.key === key)).map((v) => JSON.stringify(defaultOf(v, key)?.value)),
  );
  const [only] = [...defaults];
  return defaults.size === 1 && only !== undefined ? `${what.trim()} ${defaultNote(JSON.parse(only))}` : what.trim();
}

const WIDTH = 140;
const WRAP = 100;

/** Words of `text` in lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * A `/** … *\/` comment at `indent`: on one line when it fits and is one paragraph, else wrapped.
 * `lines` given as an array are kept as they are (markdown with a code example).
 */
export function comment(text: string | readonly string[], indent: string): string {
  const close = "*" + "/";
  if (typeof text === "string" && !text.includes("\n")) {
    const one = `${indent}/** ${text} ${close}`;
    if (one.length <= WIDTH) return one;
  }
  const lines = typeof text === "string" ? wrap(text, WRAP - indent.length - 3) : text;
  return [`${indent}/**`, ...lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} ${close}`].join("\n");
}
