// The markdown of `pulumi-dbaas plan` (see ./plan.ts for what it says and where each fact comes from).

import type { Effect, Plan, ResourcePlan } from "./plan";

const ACTION_WORDS: Record<ResourcePlan["action"], string> = {
  update: "in place",
  replace: "replace",
  "replace, deleting first": "replace that deletes first",
  create: "create",
  delete: "delete",
};
const ACTION_PLURALS: Record<ResourcePlan["action"], string> = {
  update: "in place",
  replace: "replaces",
  "replace, deleting first": "replaces that delete first",
  create: "creates",
  delete: "deletes",
};

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
const code = (s: string) => `\`${s.replaceAll("`", "'")}\``;

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const count = (n: number, what: string) => `${NUMBERS[n] ?? n} ${what}${n === 1 ? "" : "s"}`;

/** "2 in place, 1 replace that deletes first: ~9 min, one restart" */
export function summaryLine(plan: Plan): string {
  const byAction = new Map<ResourcePlan["action"], number>();
  for (const r of plan.resources) byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);
  const parts = [...byAction].map(([action, n]) => `${n} ${n === 1 ? ACTION_WORDS[action] : ACTION_PLURALS[action]}`);
  if (plan.refusals.length > 0) parts.push(`${plan.refusals.length} refused`);
  const drifted = plan.resources.filter((r) => r.drift.length > 0).length;
  if (parts.length === 0) return "No changes to managed databases.";
  const known = plan.resources.filter((r) => r.expected.ms !== undefined);
  const unknown = plan.resources.length - known.length;
  const total = known.reduce((sum, r) => sum + (r.expected.ms ?? 0), 0);
  const time =
    plan.resources.length === 0
      ? undefined
      : unknown === plan.resources.length
        ? "duration: no history yet"
        : `~${formatDuration(total)}${unknown > 0 ? ` plus ${count(unknown, "change")} with no history yet` : ""}`;
  const effects = plan.resources.flatMap((r) => r.effects);
  const tally = (kind: Effect["effect"], word: string) => {
    const n = effects.filter((e) => e.effect === kind).length;
    return n > 0 ? [count(n, word)] : [];
  };
  const impact = [
    ...tally("restart", "possible restart"),
    ...tally("downtime", "period of downtime"),
    ...tally("failover", "failover"),
    ...tally("recreated", "recreated object"),
  ];
  const drift = drifted > 0 ? ` ${drifted === 1 ? "One resource" : `${drifted} resources`} changed outside Pulumi.` : "";
  return `${parts.join(", ")}${time ? `: ${time}` : ""}${impact.length > 0 ? `, ${impact.join(", ")}` : ""}.${drift}`;
}

function effectText(e: Effect): string {
  if (e.effect === "not documented") return `${code(e.by)}: not documented`;
  return `${code(e.by)}: **${e.effect}**${e.note ? ` — ${e.note}` : ""}${e.source ? ` (${e.source})` : ""}`;
}

function resourceSection(r: ResourcePlan): string {
  const lines = [`### ${r.kind} \`${r.name}\`: ${ACTION_WORDS[r.action]}`, ""];
  if (r.action === "replace" || r.action === "replace, deleting first") {
    lines.push(
      r.replaceReasons.length > 0
        ? `Replaced because of: ${r.replaceReasons.map(code).join(", ")}.`
        : "Replaced because a resource it depends on is replaced (its inputs are known only after that).",
      "",
    );
  }
  for (const d of r.drift) {
    lines.push(
      `> **Drift:** ${code(d.key)} changed outside Pulumi (state ${cell(d.state)}, live ` +
        `${cell(d.live)}); the change below starts from the live value.`,
      "",
    );
  }
  if (r.changes.length > 0) {
    lines.push("| property | old | new | applied |", "| --- | --- | --- | --- |");
    for (const c of r.changes) lines.push(`| ${code(c.key)} | ${cell(c.old)} | ${cell(c.new)} | ${c.how} |`);
    lines.push("");
  }
  lines.push(`- Calls: ${r.calls.map((c) => `${code(c.call)}${c.by !== c.call ? ` (${c.by})` : ""}`).join(", ") || "none"}`);
  lines.push(`- Availability: ${r.effects.length > 0 ? r.effects.map(effectText).join("; ") : "no call"}`);
  lines.push(
    `- Expected duration: ${r.expected.ms !== undefined ? `~${formatDuration(r.expected.ms)} (from ${r.expected.from})` : r.expected.from}`,
  );
  return lines.join("\n");
}

export function renderPlan(plan: Plan, title = "Database changes"): string {
  const out = [`## ${title}`, "", `**${summaryLine(plan)}**`, ""];
  if (plan.refusals.length > 0) {
    out.push("### Refused by the provider's checks", "", "The preview failed: nothing will change until these are fixed.", "");
    for (const f of plan.refusals) out.push(`- ${f.kind} \`${f.name}\`: ${cell(f.message)}`);
    out.push("");
  }
  for (const r of plan.resources) out.push(resourceSection(r), "");
  if (plan.warnings.length > 0) {
    out.push("### Warnings", "");
    for (const w of plan.warnings) out.push(`- ${cell(w)}`);
    out.push("");
  }
  if (plan.errors.length > 0) {
    out.push("### Other errors", "");
    for (const e of plan.errors) out.push(`- ${cell(e)}`);
    out.push("");
  }
  out.push(
    "<sub>Calls, availability and durations come from pulumi-dbaas's field tables, the clouds' API " +
      'documents and learned durations; "not documented" means the cloud does not say.</sub>',
    "",
  );
  return out.join("\n");
}
