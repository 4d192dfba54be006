/**
 * The small checks every validator of untrusted wire data shares (the panel's messages in protocol.ts,
 * a Compare Runs variant, an export's options and answer, a translation bundle): each validator checks
 * its own fields with these and copies only them.
 */

/** `value` as a record of unknown fields when it is an object (not null); its fields are still unchecked. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** A plain object (no array, no class instance, no prototype tricks): a JSON object or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** One of the names in `list`. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}

/** A whole number from 0 to `max`. */
export function isCount(value: unknown, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;
}
