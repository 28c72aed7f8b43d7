// Named types of the `acloud` namespace (re-exported by index.ts, so programs can name them:
// `dbaas.acloud.Account`).

import type * as pulumi from "@pulumi/pulumi";

/**
 * An Avisi Cloud organisation and token, for the resources that name it in `account` (in the
 * spirit of an explicit provider instance; the stack config `acloud:*` stays the default). Values
 * may be secret Outputs (`config.requireSecret`); they are stored as secrets either way.
 */
export interface Account {
  /** Personal access token (like `acloud:token`). */
  token: pulumi.Input<string>;
  /** Organisation slug (like `acloud:organisation`). */
  organisation: pulumi.Input<string>;
  /** API base URL; left out: `acloud:endpoint` in stack config, else https://api.avisi.cloud. */
  endpoint?: pulumi.Input<string>;
}

/** Inputs every Avisi Cloud resource takes besides its own: the organisation, when not the stack's. */
export interface WithAccount {
  /**
   * The Avisi Cloud organisation this resource is managed in, instead of the `acloud:*` stack
   * config (README "Several accounts"). Stored in the state as a secret, in the inputs and the
   * outputs, so that refresh and destroy reach the same organisation without the program. A new
   * token for the same organisation updates the resource without calling the API; another
   * organisation replaces it.
   */
  account?: pulumi.Input<Account>;
}
