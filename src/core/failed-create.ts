// A create the cloud accepted but ended in a failed state (SCP FAILED, a Selectel datastore in
// ERROR) left an object that can never serve and holds no data: like Terraform's taint, the next
// `up` replaces it. The engine keeps such a resource in state with init errors and asks `diff`
// (old *outputs* against new inputs) before it resumes through `update`; the fact "this create
// ended failed" therefore travels in the outputs, under a `__` key the CLI never displays, and
// `diff` answers a replacement with one line saying why. Only a create sets the mark: an object
// that failed later (an update) may hold data and is never replaced behind the user's back.

import type { Props } from "./resource";

/** Output key: the failed state a create ended in, and why. Set only by core/create.ts. */
export const CREATE_FAILED_KEY = "__createFailed";

export interface CreateFailed {
  /** The state the object settled in ("FAILED", "ERROR"). */
  state: string;
  /** The create's error message. */
  reason: string;
}

export interface FailedCreateDiff {
  changes: true;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The outputs recorded for a create that ended in a failed state: the mark travels with them. */
export function markCreateFailed<O extends Props>(outs: O, failed: CreateFailed): O {
  return { ...outs, [CREATE_FAILED_KEY]: failed };
}

/** The line printed with the error of the create itself: what the next `up` does about it. */
export function failedCreateAdvice(what: string, id: string): string {
  return (
    `${what} (${id}) ended failed during create and holds no data: ` +
    "the next `pulumi up` deletes it and creates it again (`pulumi preview` shows it as a replacement)"
  );
}

/**
 * `diff` of a resource whose create ended failed: a replacement, deleted first when the name is
 * kept (names are unique). `say` prints the reason (the preview shows it next to the plan).
 */
export function failedCreateDiff(
  kind: string,
  id: string,
  olds: Props,
  news: Props,
  uniqueName: boolean,
  say: (line: string) => void,
): FailedCreateDiff | undefined {
  const failed = olds?.[CREATE_FAILED_KEY] as Partial<CreateFailed> | undefined;
  if (!failed || typeof failed !== "object" || typeof failed.state !== "string") return undefined;
  const name = typeof olds.name === "string" ? olds.name : id;
  const reason = typeof failed.reason === "string" && failed.reason !== "" ? ` (${failed.reason})` : "";
  say(`${kind} ${name} (${id}) ended ${failed.state} during create${reason}: \`pulumi up\` deletes it and creates it again`);
  const sameName = (news.name ?? olds.name) === olds.name;
  return { changes: true, replaces: [CREATE_FAILED_KEY], deleteBeforeReplace: uniqueName && sameName };
}

/**
 * The error of an update that found the object settled in a failed state it was not created in
 * (or created before failed creates were marked): it may hold data, so it is never replaced
 * unasked. The user decides; the commands are the engine's own (the provider never learns the URN).
 */
export function failedObjectAdvice(what: string, id: string, state: string, console: string): string {
  return (
    `${what} (${id}) is ${state}: it cannot be changed in place. If it holds nothing you need (say, its create failed), ` +
    `replace it: find its URN with \`pulumi stack --show-urns\`, then run \`pulumi up --replace '<urn>'\` (delete first, same name). ` +
    `Otherwise repair it in ${console}, then run \`pulumi refresh\` and \`pulumi up\`; or stop ` +
    `managing it with \`pulumi state delete '<urn>'\``
  );
}
