/**
 * Key naming: every Redis key Tactful writes starts with the configured prefix. Only `src/store` builds keys
 * (the stores take a Keyspace); BullMQ gets its own prefix below Tactful's, so its keys never mix with records.
 */
export function keyspace(prefix: string) {
  return (...parts: Array<string | number>) => [prefix, ...parts].join(':');
}
export type Keyspace = ReturnType<typeof keyspace>;

/** BullMQ's own prefix, kept apart from Tactful's records. */
export const bullPrefix = (prefix: string) => `${prefix}:bull`;
