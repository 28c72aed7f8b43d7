// The one create path for objects with a name (clusters): never a second object for one resource,
// never an object the state does not know.
//
// 1. Look the name up before any mutating call. An object that exists already is taken over only
//    when the local create journal proves this resource started it (see journal.ts), or, where the
//    API stores a mark on the object itself (`ownerMark`: SCP tags), when that mark names this
//    resource's owner key, so the proof also reaches another machine (an ephemeral CI runner after
//    a killed create). Otherwise the create stops with the object's id, state and creation time,
//    the reason, and the one-line fix (`adopt`).
//    A create of this same resource that is still running (journal.ts) is never taken over, nor
//    doubled: this run stops and says which process runs it.
// 2. Send the create. If the request may have been applied without an answer (a timeout, a lost
//    connection, a gateway 5xx), ask the API by name before giving up, and carry on with what it shows.
// 3. Wait for the object and finish it. Any failure from here on is a PartialFailure: the engine
//    records the id, and the next `up` resumes through `update`; an object the read shows in a
//    failed state is marked, and the next `up` replaces it instead (core/failed-create.ts).
// 4. Where the API lets two live objects share a name (`duplicates`), a look-up before the POST
//    cannot stop two owners racing (check, then act). So once the create is accepted, and again
//    once it is finished, the name is looked up again: of several live objects, the earliest
//    created (then the smallest id) stays, and a create that made a later one deletes its own
//    object, and only that, and fails with the "already exists … adopt" message. The second look-up
//    covers a rival accepted within the same second after our first one (the API's times have whole
//    seconds, so the tie-break by id alone could crown two winners).

import { errorMessage, mayHaveApplied } from "./errors";
import { failedCreateAdvice, markCreateFailed } from "./failed-create";
import { sleep } from "./http";
import { CreateJournal, parseApiTime, type Existing } from "./journal";
import { PartialFailure, type Context, type Props } from "./resource";
import { waitTuning } from "./wait";

export type { Existing } from "./journal";

export interface CreateFlow<I, O extends Props> {
  /** "cluster orders", for messages. */
  what: (inputs: I) => string;
  /** Live objects (not terminated or deleted) that carry the name this create would use. */
  findByName: (ctx: Context, inputs: I) => Promise<Existing[]>;
  /** Sends the create request; resolves with the new id once the API accepted it. No waiting. */
  submit: (ctx: Context, inputs: I) => Promise<string>;
  /** Waits until ready, applies what the create body cannot carry, returns the outputs. */
  finish: (ctx: Context, id: string, inputs: I) => Promise<O>;
  /** Outputs to record when `finish` fails and no read succeeds. */
  provisional: (id: string, inputs: I) => O;
  /** Outputs for a PartialFailure after `finish` failed (undefined: use `provisional`). */
  readOuts: (ctx: Context, id: string, inputs: I) => Promise<O | undefined>;
  /**
   * The failed state the object settled in, read from `readOuts`' answer (SCP FAILED, a Selectel
   * ERROR), or undefined while it may still become usable. Such an object is marked for
   * replacement by the next `up` (core/failed-create.ts). Left out: a failed create only resumes.
   */
  failedState?: (outs: O) => string | undefined;
  /** The API allows two live objects of one name: how a create that lost the race deletes the object it made (waiting until it is gone). */
  duplicates?: { discard: (ctx: Context, id: string, inputs: I) => Promise<void> };
  /**
   * The owner's mark the object itself carries, where the API stores one (SCP: a tag). `what` names
   * it for messages; `read` answers the owner key it names (undefined: none) and whether the object
   * shows any mark at all yet (marks may become visible after the object). Throws when it cannot be read.
   */
  ownerMark?: { what: string; read: (ctx: Context, object: Existing, inputs: I) => Promise<{ owner?: string; marked: boolean }> };
}

/** How long after its creation an object may still show no marks (SCP: the official provider polls tags 3 s × 100). */
const MARK_LATENESS_MS = 5 * 60_000;

/** How often the name is looked up again after an ambiguous create (objects appear in lists late). */
const AMBIGUOUS_LOOKUPS = 6;

export async function createOnce<I, O extends Props>(ctx: Context, flow: CreateFlow<I, O>, inputs: I): Promise<{ id: string; outs: O }> {
  const what = flow.what(inputs);
  const journal = ctx.owner ? new CreateJournal(ctx.owner, what) : undefined;
  const running = journal?.running();
  if (running) {
    throw new Error(
      `${what} is being created right now by another run of this same resource: ${running}. ` +
        "Wait for it to end, or stop that process, then run `pulumi up` again (a `pulumi` killed alone " +
        "can leave its provider process running). Nothing was changed.",
    );
  }
  try {
    return await createClaimed(ctx, flow, inputs, what, journal);
  } finally {
    journal?.release();
  }
}

async function createClaimed<I, O extends Props>(
  ctx: Context,
  flow: CreateFlow<I, O>,
  inputs: I,
  what: string,
  journal: CreateJournal | undefined,
): Promise<{ id: string; outs: O }> {
  let id: string;

  const existing = await flow.findByName(ctx, inputs);
  if (existing.length > 0) {
    const mine = journal?.claim(existing);
    if (mine) {
      id = mine.object.id;
      ctx.warn(
        `${what}: taking over ${id} (${mine.object.state}), created by an interrupted create of this same resource at ${mine.sentAt}`,
      );
    } else {
      const marked = await claimByMark(ctx, flow, inputs, what, existing);
      if (!("object" in marked)) throw new Error(alreadyExists(what, existing, undefined, marked.reason));
      id = marked.object.id;
      ctx.warn(
        `${what}: taking over ${id} (${marked.object.state}), created by an interrupted create of this same resource: ${marked.proof}`,
      );
    }
  } else {
    journal?.begin();
    try {
      id = await flow.submit(ctx, inputs);
    } catch (err) {
      if (!mayHaveApplied(err)) {
        journal?.forget();
        // Another owner's create of the same name may have won the race since the look-up (the
        // API refuses a duplicate): say so, with the fix, rather than only the API's refusal.
        const since = await flow.findByName(ctx, inputs).catch(() => []);
        if (since.length > 0)
          throw new Error(`${alreadyExists(what, since)} (The API refused this create: ${errorMessage(err)})`, { cause: err });
        throw err;
      }
      const found = await lookUpAfterAmbiguousCreate(ctx, flow, inputs);
      if (found.length !== 1) {
        // The journal entry stays: if the object appears later, the next `up` takes it over.
        throw new Error(
          `${errorMessage(err)}. ${
            found.length === 0
              ? `No ${what} is visible yet; run \`pulumi up\` again: it looks the name up first and takes the ` +
                `object over if the request did create it`
              : alreadyExists(what, found)
          }`,
          { cause: err },
        );
      }
      id = found[0].id;
      ctx.warn(`${what}: the create request got no answer, but the API shows ${id} (${found[0].state}); continuing with it`);
    }
    journal?.record(id);
  }

  try {
    await yieldIfRaceLost(ctx, flow, inputs, what, id, journal);
    const outs = await flow.finish(ctx, id, inputs);
    await yieldIfRaceLost(ctx, flow, inputs, what, id, journal);
    journal?.forget();
    return { id, outs };
  } catch (err) {
    if (err instanceof PartialFailure || err instanceof RaceLost) throw err;
    const read = await flow.readOuts(ctx, id, inputs).catch(() => undefined);
    const failed = read && flow.failedState?.(read);
    if (read && failed) {
      // Judged on a read after the failure, never on the error alone: a request record that ended
      // FAILED says nothing about the object, and a create that merely timed out still resumes.
      throw new PartialFailure(
        id,
        markCreateFailed(read, { state: failed, reason: errorMessage(err) }),
        new Error(`${errorMessage(err)}. ${failedCreateAdvice(what, id)}`),
      );
    }
    throw new PartialFailure(id, read ?? flow.provisional(id, inputs), err);
  }
}

/**
 * Step 1 when the local journal proves nothing: the object's own mark. A create of this resource
 * that is still running on this machine was refused before (createOnce, journal.ts); one running on
 * another machine cannot be seen from here, and there the backend's stack lock is the guard: two
 * runs of one stack in one backend never hold it at once, and other backends are other owners (the
 * owner key includes the backend), so their marks never match.
 */
async function claimByMark<I, O extends Props>(
  ctx: Context,
  flow: CreateFlow<I, O>,
  inputs: I,
  what: string,
  existing: readonly Existing[],
): Promise<{ object: Existing; proof: string } | { reason?: string }> {
  const mark = flow.ownerMark;
  if (!mark || !ctx.owner) return {};
  if (existing.length !== 1) return { reason: `${existing.length} objects carry the name` };
  const object = existing[0];
  try {
    let seen = await mark.read(ctx, object, inputs);
    // Marks show late: a young object with none at all yet is read again until it is old enough
    // that its marks would show (a foreign untagged object is refused only then).
    const created = parseApiTime(object.createdAt);
    if (!seen.marked && Number.isFinite(created) && Date.now() - created < MARK_LATENESS_MS) {
      ctx.warn(
        `${what}: ${object.id} shows no ${mark.what} yet (marks appear late); reading it again for up to ` +
          `${Math.round((created + MARK_LATENESS_MS - Date.now()) / 1000)} s before deciding whether this ` +
          `resource created it`,
      );
      const { minIntervalMs, maxIntervalMs } = waitTuning();
      for (let delay = minIntervalMs; !seen.marked && Date.now() - created < MARK_LATENESS_MS; delay = Math.min(delay * 2, maxIntervalMs)) {
        await sleep(Math.min(delay, Math.max(created + MARK_LATENESS_MS - Date.now(), 1)));
        seen = await mark.read(ctx, object, inputs);
      }
    }
    if (seen.owner === ctx.owner) return { object, proof: `its ${mark.what} names this resource` };
    return { reason: seen.owner !== undefined ? `Its ${mark.what} names another owner` : `It carries no ${mark.what}` };
  } catch (err) {
    return { reason: `Its ${mark.what} could not be read (${errorMessage(err)})` };
  }
}

class RaceLost extends Error {}

/** `a` was created before `b` (API time, then id): the one that stays when both carry a name. */
const earlier = (a: Existing, b: Existing): boolean => {
  const ta = parseApiTime(a.createdAt);
  const tb = parseApiTime(b.createdAt);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta < tb;
  return a.id < b.id;
};

/** Step 4 above: our object `id` stays only if no live object of the name was created before it. */
async function yieldIfRaceLost<I, O extends Props>(
  ctx: Context,
  flow: CreateFlow<I, O>,
  inputs: I,
  what: string,
  id: string,
  journal: CreateJournal | undefined,
): Promise<void> {
  if (!flow.duplicates) return;
  const named = await flow.findByName(ctx, inputs);
  const winner = named.reduce<Existing | undefined>((w, o) => (!w || earlier(o, w) ? o : w), undefined);
  if (!winner || winner.id === id) return;
  ctx.warn(`${what}: another create of this name won the race (${winner.id}); deleting the one this create made (${id})`);
  try {
    await flow.duplicates.discard(ctx, id, inputs);
  } catch (err) {
    // Recorded, not leaked: the state holds it, and `pulumi destroy` (or a rerun) removes it.
    throw new PartialFailure(
      id,
      flow.provisional(id, inputs),
      new Error(
        `${what}: another create of this name won the race (${winner.id}), and deleting the duplicate ` +
          `this create made (${id}) failed: ${errorMessage(err)}`,
      ),
    );
  }
  journal?.forget();
  throw new RaceLost(
    alreadyExists(what, [winner], `Another create of this name won the race; the duplicate this one made (${id}) was deleted.`),
  );
}

async function lookUpAfterAmbiguousCreate<I, O extends Props>(ctx: Context, flow: CreateFlow<I, O>, inputs: I): Promise<Existing[]> {
  // Twice the shortest poll interval: 2 s, then doubling (about a minute in all), with the defaults.
  let delay = Math.max(2 * waitTuning().minIntervalMs, 100);
  for (let attempt = 1; ; attempt++) {
    const found = await flow.findByName(ctx, inputs).catch(() => undefined);
    if ((found && found.length > 0) || attempt >= AMBIGUOUS_LOOKUPS) return found ?? [];
    await sleep(delay);
    delay *= 2;
  }
}

function alreadyExists(what: string, found: readonly Existing[], outcome = "Nothing was changed.", reason?: string): string {
  const list = found.map((f) => `${f.id} (state ${f.state}${f.createdAt ? `, created ${f.createdAt}` : ""})`).join("; ");
  const fix =
    found.length === 1
      ? `To manage it with this resource, add \`adopt: "${found[0].id}"\` to its inputs; to create a new one, choose another name`
      : 'Adopt one of them with `adopt: "<id>"`, or choose another name';
  return `${what} already exists and this resource did not create it: ${list}. ${reason ? `${reason}. ` : ""}${fix}. ${outcome}`;
}
