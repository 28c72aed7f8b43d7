// The local create journal: the proof that an object found by name is the one this very resource
// started creating before it was interrupted (a kill, Ctrl-C, a lost answer).
//
// Before a create request is sent, an entry keyed by the resource's owner (stack and URN, hashed)
// and the object's name is written to the user's cache directory; the id is added as soon as the
// API answers; the entry is removed when the create completes. A later `up` of the same resource
// that finds an object of that name takes it over only if the entry names that object's id, or,
// when the answer was lost before the id was known, if exactly one such object exists and the
// cloud says it was created after the request was sent. Anything else (another stack, another
// machine without the entry, an older object) is never taken over: the user is told to adopt it.
//
// A create that is still running is never taken over. The entry names the process that writes it
// (pid, host name, and on Linux the process's start time, so a reused pid is not mistaken for it):
// while that process lives, no other run of the same resource may claim the object or send a second
// create (a `pulumi` killed alone can leave its provider process running the create to its end).
// An entry written on another host cannot be checked from here; there the backend's stack lock
// guards (two runs of one stack never hold it at once; `pulumi cancel` is the user saying the
// other run is dead), and two backends never share an entry (the owner key includes the backend).

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, hostname } from "node:os";
import { join } from "node:path";

export interface Existing {
  id: string;
  state: string;
  /** As the API reports it (ISO 8601); needed to prove an entry without an id. */
  createdAt?: string;
}

interface Entry {
  owner: string;
  what: string;
  sentAt: string;
  id?: string;
  /** The process that sends the create (see "still running" above). */
  pid?: number;
  host?: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  started?: number;
}

/** Journal files whose create is running in this process right now. */
const inFlight = new Set<string>();

/** The cloud's creation time may be stamped a little before our clock read "sent". */
const CLOCK_SKEW_MS = 2 * 60_000;
/** An entry older than this proves nothing (the object it speaks of is long settled or gone). */
const MAX_AGE_MS = 7 * 24 * 3600_000;

/** The package's cache directory: `$DBAAS_CACHE_DIR`, else `$XDG_CACHE_HOME/pulumi-dbaas`, else `~/.cache/pulumi-dbaas`. */
export function cacheDir(): string {
  return process.env.DBAAS_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pulumi-dbaas");
}

export function journalDir(): string {
  return join(cacheDir(), "pending-creates");
}

export class CreateJournal {
  private readonly file: string;

  constructor(
    private readonly owner: string,
    private readonly what: string,
  ) {
    const key = createHash("sha256").update(`${owner}\0${what}`).digest("hex").slice(0, 32);
    this.file = join(journalDir(), `${key}.json`);
  }

  private read(): Entry | undefined {
    try {
      const e = JSON.parse(readFileSync(this.file, "utf8")) as Entry;
      return e.owner === this.owner && e.what === this.what ? e : undefined;
    } catch {
      return undefined;
    }
  }

  private write(entry: Entry): void {
    // Best effort: a journal that cannot be written only loses the take-over convenience.
    try {
      mkdirSync(journalDir(), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(entry));
      renameSync(tmp, this.file);
    } catch {
      /* ignored on purpose */
    }
  }

  /** Written just before the create request is sent. */
  begin(): void {
    inFlight.add(this.file);
    this.write({ owner: this.owner, what: this.what, sentAt: new Date().toISOString(), ...thisProcess() });
  }

  /** Written as soon as the API names the new object. */
  record(id: string): void {
    const e = this.read();
    this.write({ owner: this.owner, what: this.what, sentAt: e?.sentAt ?? new Date().toISOString(), id, ...thisProcess() });
  }

  forget(): void {
    this.release();
    rmSync(this.file, { force: true });
  }

  /** This process's create has ended (the entry may stay, as the proof for a later run). */
  release(): void {
    inFlight.delete(this.file);
  }

  /**
   * The live process that is creating this object right now, described for a message; undefined
   * when no create of this resource is running (the entry's process has ended, or is this one
   * between two attempts).
   */
  running(): string | undefined {
    const e = this.read();
    if (!e || e.pid === undefined || e.host !== hostname()) return undefined;
    const live = e.pid === process.pid ? inFlight.has(this.file) : processAlive(e.pid, e.started);
    return live ? `process ${e.pid} on ${e.host} (its create request was sent at ${e.sentAt})` : undefined;
  }

  /** The object among `found` that this resource's interrupted create made, if that is proven. */
  claim(found: readonly Existing[]): { object: Existing; sentAt: string } | undefined {
    const e = this.read();
    if (!e) return undefined;
    const sent = Date.parse(e.sentAt);
    if (!Number.isFinite(sent) || Date.now() - sent > MAX_AGE_MS) return undefined;
    if (e.id !== undefined) {
      const object = found.find((f) => f.id === e.id);
      return object && { object, sentAt: e.sentAt };
    }
    if (found.length !== 1) return undefined;
    const created = parseApiTime(found[0].createdAt);
    return Number.isFinite(created) && created >= sent - CLOCK_SKEW_MS ? { object: found[0], sentAt: e.sentAt } : undefined;
  }
}

function thisProcess(): Pick<Entry, "pid" | "host" | "started"> {
  return { pid: process.pid, host: hostname(), started: procStat(process.pid)?.started };
}

/** Linux: the process's state letter and start time (clock ticks since boot); undefined elsewhere or when it is gone. */
function procStat(pid: number): { state: string; started: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const started = Number(fields[19]); // field 22 of the whole line
    return Number.isFinite(started) ? { state: fields[0], started } : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number, started: number | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as { code?: string }).code !== "EPERM") return false;
  }
  const now = procStat(pid);
  // No /proc at all (not Linux): the pid answers, so count it alive. With /proc, it just ended.
  if (!now) return procStat(process.pid) === undefined;
  // A killed process not yet reaped (a zombie) runs nothing; the same pid started at another time
  // is another process (the pid was reused).
  return now.state !== "Z" && now.state !== "X" && (started === undefined || now.started === started);
}

/** API timestamps; a zone-less one (both clouds send them) is UTC, not the machine's local time. */
export function parseApiTime(value: string | undefined): number {
  if (!value) return NaN;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`;
  return Date.parse(zoned);
}
