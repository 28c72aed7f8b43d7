// `pulumi-dbaas plan`: gets the preview (a file, stdin, or `pulumi preview --json` run here) and
// writes the report (./plan.ts, ./plan-report.ts) to stdout.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { PlanArgs } from "./args";
import { planOf } from "./plan";
import { renderPlan } from "./plan-report";

export class PreviewError extends Error {}

/** Runs `pulumi preview --json`; a preview that fails (a refused check) still prints its JSON. */
function runPreview(args: string[], cwd: string, stderr: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", ["preview", "--json", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new PreviewError(`could not run pulumi: ${e.message} (is the Pulumi CLI on PATH?)`)));
    child.on("close", (code) => {
      const text = Buffer.concat(out).toString("utf8");
      if (code !== 0 && !text.trim().startsWith("{")) {
        stderr(Buffer.concat(err).toString("utf8").trim());
        reject(new PreviewError(`pulumi preview --json exited ${code} without a preview`));
      } else resolve(text);
    });
  });
}

function readInput(input: string): string {
  try {
    return readFileSync(input === "-" ? 0 : input, "utf8");
  } catch (err) {
    throw new PreviewError(`cannot read ${input === "-" ? "stdin" : input}: ${(err as Error).message}`);
  }
}

export async function planReport(args: PlanArgs, stderr: (line: string) => void): Promise<string> {
  const text = args.input !== undefined ? readInput(args.input) : await runPreview(args.previewArgs, args.cwd ?? process.cwd(), stderr);
  let preview: unknown;
  try {
    preview = JSON.parse(text);
  } catch {
    throw new PreviewError("the input is not the JSON of `pulumi preview --json`");
  }
  return renderPlan(planOf(preview));
}
