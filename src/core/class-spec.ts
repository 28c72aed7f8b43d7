// What a kind's public class needs beyond its definition (src/<cloud>/classes/<kind>.ts): the words
// a reader hovers over and the values the API computes. Input names, whether each may be left out,
// their types, defaults, secrets and how a change applies all come from the definition's field
// table and schema; `npm run kinds` joins the two into src/<cloud>/generated/<kind>.ts.

/** A value the API computes, beyond the inputs read back. */
export interface ComputedOutput {
  /** Its TypeScript type, in the named types of the kind's namespace (src/<cloud>/types.ts). */
  readonly type: string;
  readonly doc: string;
  /** Stored as a secret output (a connection string). */
  readonly secret?: true;
}

/** An Args interface: its doc and what each input is (the sentences core/docs.ts renders follow). */
export interface ArgsDocs {
  readonly argsDoc?: string;
  readonly inputs: Readonly<Record<string, string>>;
}

export interface PublicClass {
  readonly className: string;
  /** The class's doc comment, line by line (markdown, with a ```ts example). */
  readonly doc: readonly string[];
  /** `@param args` of the constructor. */
  readonly argsParam: string;
  /** `get`: its doc comment line by line, and its `@param id`. */
  readonly get: { readonly doc: readonly string[]; readonly id: string };
  /** The Args interface of a kind without variants. */
  readonly argsDoc?: string;
  readonly inputs?: Readonly<Record<string, string>>;
  /** One Args interface per variant (scp:Cluster by `engine`), the class's Args being their union. */
  readonly variants?: Readonly<Record<string, ArgsDocs & { readonly argsName: string }>>;
  /** What each input reads back as (its output's doc; the default is added when every variant has the same). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly computed: Readonly<Record<string, ComputedOutput>>;
  /**
   * One setting, one owner: this kind owns input `input` of the resource of kind `kind` whose id
   * the program passes as `by`; declaring both is refused when the program declares them.
   */
  readonly ownsInputOf?: { readonly kind: string; readonly input: string; readonly by: string };
}
