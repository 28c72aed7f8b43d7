// Secret redaction shared by errors and log lines. Credentials are registered here when they are
// read from config or the environment, so any text that leaves the process (an error message, a
// progress line) can be scrubbed without each call site remembering which values are secret.

const secrets = new Set<string>();

/**
 * Registers a value that must never appear in an error or log line, in clear or URL-encoded (a
 * password inside a connection string or a query). Short values are ignored.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== "string" || value.length < 4) return;
  secrets.add(value);
  secrets.add(encodeURIComponent(value));
}

const SECRET_KEY = /(pass(word)?|secret|token|credential|signature|accesskey|authorization)/i;

/** Replaces every registered secret in `text` with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("***");
  return out;
}

/** Deep copy of a JSON-like value with secret-looking keys and registered secrets masked. */
export function redactValue(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== "" ? "***" : redactValue(v);
    }
    return out;
  }
  return value;
}
