// Driving the runtime in process the way `pulumi up` does (check, diff, create or update), with the
// assertions every such test makes: check accepts the inputs, an in-place change plans no replace,
// and afterwards neither a refresh nor the next diff finds anything.
import { expect } from "vitest";
import * as runtime from "../../src/runtime";
import type { Sim } from "./sim";

export type Props = Record<string, any>;

/** `check` as the engine calls it; it must accept the inputs. */
export async function checked(kind: string, news: Props, olds: Props = {}): Promise<Props> {
  const r = await runtime.check(kind, olds, news);
  expect(r.failures).toEqual([]);
  return r.inputs;
}

/** `check`'s refusals (property and reason). */
export async function refused(kind: string, news: Props, olds: Props = {}) {
  return (await runtime.check(kind, olds, news)).failures;
}

/** What a stack records of a resource: its id, outputs and checked inputs. */
export interface Live {
  id: string;
  outs: Props;
  inputs: Props;
}

/** A refresh finds the object as recorded, and the next diff against the same inputs is empty. */
export async function expectNoDrift(kind: string, live: Live): Promise<void> {
  const r = await runtime.read(kind, live.id, live.outs);
  expect(r.id).toBe(live.id);
  expect((await runtime.diff(kind, live.id, r.props, live.inputs)).changes).toBe(false);
}

/**
 * Applies `patch` as `pulumi up` would (check, diff: in place, update) and returns the resource as
 * recorded afterwards and the mutating calls the update made (token requests left out).
 */
export async function changeInPlace(sim: Sim, kind: string, live: Live, patch: Props): Promise<{ live: Live; calls: string[] }> {
  const news = await checked(kind, { ...live.inputs, ...patch }, live.inputs);
  const d = await runtime.diff(kind, live.id, live.outs, news);
  expect(d.changes).toBe(true);
  expect(d.replaces).toEqual([]);
  await sim.clearRequests();
  const after: Live = { id: live.id, outs: (await runtime.update(kind, live.id, live.outs, news)).outs, inputs: news };
  const calls = (await sim.mutations()).filter((c) => !c.includes("/auth/tokens"));
  await expectNoDrift(kind, after);
  return { live: after, calls };
}

/** A resource under test: create it, then change it the way `pulumi up` would. */
export class Managed implements Live {
  id = "";
  outs: Props = {};
  inputs: Props = {};
  constructor(
    readonly kind: string,
    private readonly sim: () => Sim,
  ) {}

  async create(declared: Props): Promise<this> {
    this.inputs = await checked(this.kind, declared);
    const r = await runtime.create(this.kind, this.inputs);
    this.id = r.id;
    this.outs = r.outs;
    return this;
  }

  /** The mutating calls the change made. */
  async change(patch: Props): Promise<string[]> {
    const { live, calls } = await changeInPlace(this.sim(), this.kind, this, patch);
    this.outs = live.outs;
    this.inputs = live.inputs;
    return calls;
  }

  expectNoDrift(): Promise<void> {
    return expectNoDrift(this.kind, this);
  }
}
