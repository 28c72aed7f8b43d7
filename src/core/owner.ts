// Who owns an object this package creates: the resource's identity in its stack (organisation,
// project, stack, parent URN, kind, logical name) AND the backend that stack lives in. Two teams
// (or two CI jobs) whose stacks have the same project and stack names, in two backends, are two
// owners: neither may take over the other's object, so the backend must be part of the key.
//
// The engine tells a program its organisation, project and stack, but not its backend (the language
// host passes the CLI's environment through; RunRequest carries no backend). So the backend is
// found as the CLI finds it (pkg/workspace/creds.go GetCurrentCloudURLWithSource, v3.274.1):
// PULUMI_BACKEND_URL, else the project file's `backend.url`, else `current` in the credentials file
// ($PULUMI_CREDENTIALS_PATH, $PULUMI_HOME or ~/.pulumi, `credentials.json`). A credentials file the
// CLI encrypted (`$pulumiSecureStore`) hides `current`: the backend is then unknown and the key is
// what it was before backends counted (set PULUMI_BACKEND_URL to make it count). Only `current` is
// read from that file, and only a hash of the URL ever leaves this module.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

const hash = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 32);

let remembered: { key: string; url: string } | undefined;

/** The backend URL the CLI that runs this program uses, normalised; "" when it cannot be told. */
export function backendUrl(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  // Asked once per resource: the files are read once per program run (per set of inputs to the answer).
  const key = [env.PULUMI_BACKEND_URL, env.PULUMI_CREDENTIALS_PATH, env.PULUMI_HOME, cwd].join("\0");
  if (remembered?.key !== key) {
    const url = env.PULUMI_BACKEND_URL?.trim() || projectBackend(cwd) || credentialsCurrent(env);
    remembered = { key, url: url ? normaliseBackend(url) : "" };
  }
  return remembered.url;
}

/** `file://~/x` and `file:///home/me/x` are one backend; so are `app.` and `api.pulumi.com`. */
export function normaliseBackend(url: string): string {
  let u = url.trim().replace(/\/+$/, "");
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(u);
  if (!scheme) return u;
  u = `${scheme[1].toLowerCase()}://${u.slice(scheme[0].length)}`;
  if (u.startsWith("file://")) {
    const path = u.slice("file://".length).split("?")[0];
    const expanded = path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
    return `file://${resolve(expanded || "/")}`;
  }
  return u.replace(/^https:\/\/app\.pulumi\.com$/, "https://api.pulumi.com");
}

/** `backend: { url: … }` of the nearest Pulumi.yaml at or above `cwd` (a plain scan: no YAML parser is loaded by programs). */
function projectBackend(cwd: string): string | undefined {
  for (let dir = resolve(cwd), i = 0; i < 16; dir = dirname(dir), i++) {
    for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
      const path = join(dir, file);
      if (!existsSync(path)) continue;
      const m = /^backend:\s*\n(?:[ \t]+#.*\n)*[ \t]+url:\s*["']?([^"'\s#]+)/m.exec(readText(path));
      return m?.[1];
    }
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

function credentialsCurrent(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.PULUMI_CREDENTIALS_PATH || env.PULUMI_HOME || join(homedir(), ".pulumi");
  try {
    const creds = JSON.parse(readText(join(dir, "credentials.json"))) as { current?: unknown };
    return typeof creds.current === "string" && creds.current !== "" ? creds.current : undefined;
  } catch {
    return undefined;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * The owner key (`__owner`) and the auto-name seed of one resource. The seed is the identity
 * without the backend, as it always was, so auto-names stay what they were (a stack moved to
 * another backend keeps its names); the owner key adds the backend when it can be told.
 */
export function ownerKeys(identity: string, backend: string): { owner: string; nameSeed: string } {
  const nameSeed = hash(identity);
  return { owner: backend ? hash(`${identity}\0backend=${backend}`) : nameSeed, nameSeed };
}
