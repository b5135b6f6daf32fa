/**
 * A map that keeps at most `capacity` entries, dropping the one used longest ago: the statement
 * caches of both engines. Each distinct SQL text is one entry, so a cache left unbounded grows
 * with every text a caller ever builds; bounded, a text not used for a while is prepared again.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`An LRU holds at least one entry, not ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Most recently used last: a Map iterates in insertion order.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }
}
