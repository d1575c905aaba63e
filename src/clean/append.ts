/**
 * Append `items` to `to` and return `to`. `to.push(...items)` passes every item as an argument,
 * which overflows the stack past about 100,000 items: a hostile filing's page marks, removals or
 * releases can be that many.
 */
export function append<T>(to: T[], items: readonly T[]): T[] {
  for (const item of items) to.push(item);
  return to;
}
