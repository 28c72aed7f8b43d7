// What `npm run kinds` cannot read off a zod schema: the name of the public interface an object
// schema is published as (`BlockStorageArgs` as the program writes it, `BlockStorage` as it reads
// back), and the output type of a transform (a function's result has no schema). The generator's
// type printer (src/gen/zod-type.ts) refuses a transform with no output type rather than guess.

/** How a schema appears in the public declarations: `input` in the Args interfaces, `output` on the class. */
export interface TsType {
  readonly input?: string;
  readonly output?: string;
}

const types = new WeakMap<object, TsType>();

/** The names given to `schema` by tsType, if any. */
export const tsTypeOf = (schema: object): TsType | undefined => types.get(schema);

/** `schema`, published under these type names (an object's named interfaces, a transform's result). */
export function tsType<S extends object>(schema: S, type: TsType): S {
  types.set(schema, { ...tsTypeOf(schema), ...type });
  return schema;
}
