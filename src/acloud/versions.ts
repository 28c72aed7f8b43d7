// AME cluster version rules (reference/avisi.md §2.5), as pure functions so they are unit-tested
// without an API: versions look like `v1.35.6-u-ame.4` (Kubernetes version, then the AME build);
// AME upgrades one minor version at a time; downgrades work only between patch versions.

export const VERSION_PATTERN = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

export interface Version {
  text: string;
  major: number;
  minor: number;
  patch: number;
  /** The build suffix (`u-ame.4`), compared by its numeric parts. */
  build: string;
}

export function parseVersion(text: string): Version | undefined {
  const m = VERSION_PATTERN.exec(text);
  if (!m) return undefined;
  return { text, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), build: m[4] ?? "" };
}

/** Numeric order: v1.9 < v1.10, and `u-ame.10` after `u-ame.9`. */
export function compareVersions(a: Version, b: Version): number {
  for (const k of ["major", "minor", "patch"] as const) if (a[k] !== b[k]) return a[k] - b[k];
  const pa = a.build.split(/[.-]/);
  const pb = b.build.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (x !== "" && y !== "" && Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

const series = (v: Version) => `v${v.major}.${v.minor}`;

/** The highest known version of a minor series (`v1.35`), if any. */
export function latestOf(available: readonly Version[], major: number, minor: number): Version | undefined {
  return available
    .filter((v) => v.major === major && v.minor === minor)
    .sort(compareVersions)
    .at(-1);
}

export type UpgradeVerdict =
  { ok: true; kind: "patch" | "minor" | "patch-downgrade" } | { ok: false; reason: string; nextAllowed?: string };

/**
 * May a cluster running `current` be upgraded to `target`? `available` is what the API offers
 * (the cluster-versions list plus the cluster's update-channel version). A refusal names both
 * versions and, when there is one, the next version that is allowed.
 */
export function judgeUpgrade(currentText: string, targetText: string, availableTexts: readonly string[]): UpgradeVerdict {
  const current = parseVersion(currentText);
  const target = parseVersion(targetText);
  if (!target) return { ok: false, reason: `${targetText} is not an AME version (expected e.g. v1.35.6-u-ame.4)` };
  const available = availableTexts.map(parseVersion).filter((v): v is Version => v !== undefined);
  if (!availableTexts.includes(targetText)) {
    const near = current
      ? (latestOf(available, target.major, target.minor) ?? latestOf(available, current.major, current.minor + 1))
      : undefined;
    return {
      ok: false,
      reason: `${targetText} is not an available cluster version${near ? ` (the closest is ${near.text})` : ""}`,
      ...(near ? { nextAllowed: near.text } : {}),
    };
  }
  // A cluster whose version we cannot read cannot be judged by the minor-step rule; the API decides.
  if (!current) return { ok: true, kind: "minor" };
  const cmp = compareVersions(target, current);
  if (cmp === 0) return { ok: false, reason: `the cluster already runs ${currentText}: there is nothing to upgrade` };
  const nextMinor = latestOf(available, current.major, current.minor + 1);
  if (target.major !== current.major) {
    return {
      ok: false,
      reason: `${currentText} → ${targetText} changes the major version, which AME does not upgrade in place`,
      ...(nextMinor ? { nextAllowed: nextMinor.text } : {}),
    };
  }
  if (target.minor === current.minor) return { ok: true, kind: cmp > 0 ? "patch" : "patch-downgrade" };
  if (target.minor === current.minor + 1) return { ok: true, kind: "minor" };
  if (target.minor > current.minor + 1) {
    return {
      ok: false,
      reason:
        `${currentText} → ${targetText} skips ${target.minor - current.minor - 1} minor version(s): AME ` +
        `upgrades one minor version at a time; upgrade to ` +
        `${nextMinor ? nextMinor.text : `a ${series(current)}.x+1 version`} first`,
      ...(nextMinor ? { nextAllowed: nextMinor.text } : {}),
    };
  }
  const samePatchLine = latestOf(available, current.major, current.minor);
  const allowed = nextMinor ?? samePatchLine;
  return {
    ok: false,
    reason:
      `${currentText} → ${targetText} is a downgrade across minor versions: AME rolls back only ` +
      `between patch versions of ${series(current)}` +
      (allowed ? `; the next allowed version is ${allowed.text}` : ""),
    ...(allowed ? { nextAllowed: allowed.text } : {}),
  };
}
