/**
 * Sets a key in a map kept to at most `max` entries: the key becomes the newest, and the oldest
 * entries go first. A Map iterates in insertion order, so this is an LRU when a hit sets again.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  for (const oldest of map.keys()) {
    if (map.size < max) break;
    map.delete(oldest);
  }
  map.set(key, value);
}
