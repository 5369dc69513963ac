/** A set that remembers only the last `capacity` keys: enough to catch replayed pushes. */
export class RecentKeys<K> {
  private readonly keys = new Set<K>();
  constructor(private readonly capacity: number) {}

  /** True when the key was new (and is now remembered). */
  add(key: K): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next();
      if (oldest.done !== true) this.keys.delete(oldest.value);
    }
    return true;
  }
}
