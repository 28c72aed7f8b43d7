// Messages about provider settings: endpoint settings (scp:endpoint, selectel:authUrl,
// acloud:endpoint, …) are checked before use and named in messages; a refused value may carry a
// credential (`https://user:password@host`, a token in the query), so it is shown only through
// `showEndpoint`. Missing credentials say which keys and variables were looked for and the one
// fact users trip over: refresh and destroy use the configuration recorded by the last `up`.

import { SettingError } from "./errors";

/** The value with user info and query replaced: safe to print whatever was typed. */
export function showEndpoint(value: string): string {
  return JSON.stringify(
    value
      // user info: everything between "//" and the last "@" of the authority
      .replace(/^([^/?#]*\/\/)[^/?#]*@/, "$1***@")
      .replace(/\?.*$/, "?***")
      .replace(/#.*$/, "#***"),
  );
}

/**
 * Refuses a base URL that is not plain http(s) (`setting` names the config key and variable):
 * user info, query and fragment would be sent along (or leak a credential) with every request.
 */
export function assertEndpoint(setting: string, value: string, example: string, probe = value): void {
  // `new URL` drops spaces around a URL, the requests would not: " http://…" reached no API.
  if (value.trim() !== value)
    throw new SettingError(`${setting} ${showEndpoint(value)} has white space around it: set it without (e.g. ${example})`);
  let url: URL | undefined;
  try {
    url = new URL(probe);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.search ||
    url.hash ||
    url.username ||
    url.password ||
    /@/.test(value.split(/[/?#]/)[2] ?? "")
  ) {
    throw new SettingError(
      `${setting} ${showEndpoint(value)} is not an http(s) base URL without user info, query or fragment, e.g. ${example}`,
    );
  }
}

/**
 * Credentials found neither in the configuration this command uses nor in the environment.
 * `pulumi refresh` and `pulumi destroy` configure the provider with the stack configuration the
 * last `pulumi up` recorded (the default provider's inputs), not the current one: keys set or
 * rotated since then are not seen until an `up` records them, or the command runs the program
 * (`--run-program`). Both ways were checked with the real CLI (test/e2e/messages.test.ts).
 */
export function credentialsMissing(cloud: string, missing: string, setThem: string): SettingError {
  return new SettingError(
    `${cloud} credentials are missing (${missing}). ` +
      "`pulumi refresh` and `pulumi destroy` use the stack configuration recorded by the last `pulumi " +
      "up`: if you have just set or rotated them with `pulumi config set`, " +
      `run this command again with \`--run-program\` (it reads the current configuration), or run ` +
      `\`pulumi up\` once first. Otherwise set them: ${setThem}`,
  );
}
