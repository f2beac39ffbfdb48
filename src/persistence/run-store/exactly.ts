/** A type with every intersection flattened, at every depth, so equal shapes compare equal. */
type Flat<T> = T extends readonly (infer Item)[]
  ? Flat<Item>[]
  : T extends object
    ? { [K in keyof T]: Flat<T[K]> }
    : T;

/**
 * `true` only when A and B are the same type (after flattening): an optional field one has
 * and the other lacks makes them differ, which mutual assignability would not notice.
 */
export type Exactly<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
