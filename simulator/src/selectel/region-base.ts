/**
 * The core of one simulated region: what it holds, the clock, the finders and the operation
 * machinery (a transitional status at once, the end of the transition scheduled on the clock).
 * datastores.ts and state.ts add the operations on top.
 */
import type { SimClock } from "../clock";
import { BusyError, ForbiddenError, NotFoundError, SelectelApiError } from "./errors";
import {
  CHILD_KINDS,
  CHILD_TRANSITIONS,
  DATASTORE_TRANSITIONS,
  ENTITY,
  TRANSITIONAL,
  formatTimestamp,
  type ChildBase,
  type ChildKind,
  type ChildKinds,
  type Datastore,
  type MutationContext,
  type PrometheusToken,
  type Transition,
} from "./model";

/**
 * Behaviours a deployment may show although the documents say otherwise, switched on by a control
 * action. `ignoreTypeFilter`: `GET /configuration-parameters?datastore_type_id=` answers every
 * type's parameters (the Terraform data source filters by `datastore_type_id` itself for this reason).
 */
export interface Quirks {
  ignoreTypeFilter: boolean;
}

export class RegionBase {
  readonly datastores = new Map<string, Datastore>();
  readonly children: { [K in ChildKind]: Map<string, ChildKinds[K]> } = {
    users: new Map(),
    databases: new Map(),
    grants: new Map(),
    extensions: new Map(),
    topics: new Map(),
    acls: new Map(),
    "logical-replication-slots": new Map(),
  };
  readonly prometheusTokens = new Map<string, PrometheusToken>();
  protected floatingSeq = 0;

  constructor(
    readonly region: string,
    protected readonly clock: SimClock,
    readonly quirks: Quirks = { ignoreTypeFilter: false },
  ) {}

  reset(): void {
    this.datastores.clear();
    for (const k of CHILD_KINDS) this.children[k].clear();
    this.prometheusTokens.clear();
    this.floatingSeq = 0;
  }

  protected now(): string {
    return formatTimestamp(this.clock.now());
  }

  /**
   * Stamp `updated_at` with the current time in the API's format, which has whole seconds: two
   * changes within one second print the same value, as on the real service, so a client cannot
   * take an unchanged `updated_at` as proof that nothing happened.
   */
  protected touch(o: { updated_at: string }): void {
    o.updated_at = this.now();
  }

  // ---- finders ----

  findDatastore(id: string, project: string): Datastore {
    const d = this.datastores.get(id);
    if (!d) throw new NotFoundError("datastore", id);
    if (d.project_id !== project) throw new ForbiddenError(`datastore ${id} belongs to another project.`);
    return d;
  }

  findChild<K extends ChildKind>(kind: K, id: string, project: string): ChildKinds[K] {
    const c = this.children[kind].get(id);
    if (!c) throw new NotFoundError(ENTITY[kind], id);
    if (c.project_id !== project) throw new ForbiddenError(`${ENTITY[kind]} ${id} belongs to another project.`);
    return c;
  }

  listChildren<K extends ChildKind>(kind: K, project: string): ChildKinds[K][] {
    return [...(this.children[kind] as Map<string, ChildKinds[K]>).values()].filter((c) => c.project_id === project);
  }

  listDatastores(project: string): Datastore[] {
    return [...this.datastores.values()].filter((d) => d.project_id === project);
  }

  // ---- the operation machinery ----

  /** The datastore must be ACTIVE to accept a change of itself or of its children. */
  protected assertActive(d: Datastore): void {
    if (d.status === "ACTIVE") return;
    if (TRANSITIONAL.has(d.status)) throw new BusyError("datastore", d.id, d.status);
    throw new SelectelApiError(409, `datastore ${d.id} is in status ${d.status}; the operation requires status ACTIVE.`);
  }

  protected assertChildActive(kind: ChildKind, c: ChildBase): void {
    if (c.status === "ACTIVE") return;
    if (TRANSITIONAL.has(c.status)) throw new BusyError(ENTITY[kind], c.id, c.status);
    throw new SelectelApiError(409, `${ENTITY[kind]} ${c.id} is in status ${c.status}; the operation requires status ACTIVE.`);
  }

  protected beginDatastore(d: Datastore, kind: keyof typeof DATASTORE_TRANSITIONS, ctx: MutationContext, apply?: () => void): void {
    const t: Transition = DATASTORE_TRANSITIONS[kind];
    const fail = ctx.takeFailure();
    d.status = t.during;
    this.touch(d);
    this.clock.schedule({
      label: `selectel-dbaas ${this.region} ${kind} datastore ${d.id}`,
      steps: t.steps,
      complete: () => {
        if (!this.datastores.has(d.id)) return;
        if (fail) {
          d.status = t.failTo;
          for (const i of d.instances) i.status = t.failTo;
          this.touch(d);
          return;
        }
        apply?.();
        if (t.to === "gone") {
          this.removeDatastore(d);
          return;
        }
        d.status = t.to;
        for (const i of d.instances) i.status = t.to;
        this.touch(d);
      },
    });
  }

  protected beginChild<K extends ChildKind>(
    kind: K,
    c: ChildKinds[K],
    op: keyof typeof CHILD_TRANSITIONS,
    ctx: MutationContext,
    apply?: () => void,
  ): void {
    const t: Transition = CHILD_TRANSITIONS[op];
    const fail = ctx.takeFailure();
    c.status = t.during;
    this.touch(c);
    this.clock.schedule({
      label: `selectel-dbaas ${this.region} ${op} ${ENTITY[kind]} ${c.id}`,
      steps: t.steps,
      complete: () => {
        if (!this.children[kind].has(c.id)) return;
        if (fail) {
          c.status = t.failTo;
          this.touch(c);
          return;
        }
        apply?.();
        if (t.to === "gone") {
          this.removeChild(kind, c.id);
          return;
        }
        c.status = t.to;
        this.touch(c);
      },
    });
  }

  protected removeDatastore(d: Datastore): void {
    this.datastores.delete(d.id);
    for (const k of CHILD_KINDS) for (const [id, c] of this.children[k]) if (c.datastore_id === d.id) this.children[k].delete(id);
  }

  /** Removing a child removes what hangs off it (grants, extensions, slots of a database; grants, ACLs of a user). */
  protected removeChild(kind: ChildKind, id: string): void {
    this.children[kind].delete(id);
    const drop = <K extends ChildKind>(k: K, pred: (c: ChildKinds[K]) => boolean) => {
      for (const [cid, c] of this.children[k] as Map<string, ChildKinds[K]>) if (pred(c)) this.children[k].delete(cid);
    };
    if (kind === "databases") {
      drop("grants", (g) => g.database_id === id);
      drop("extensions", (e) => e.database_id === id);
      drop("logical-replication-slots", (s) => s.database_id === id);
    } else if (kind === "users") {
      drop("grants", (g) => g.user_id === id);
      drop("acls", (a) => a.user_id === id);
    }
  }
}
