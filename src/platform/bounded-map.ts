// Isolate-memory maps that cannot grow without bound: past their capacity, the entry written longest ago goes first.

/** Sets `key` as the newest entry of `map`, then forgets the oldest entries beyond `capacity`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= capacity) break;
    map.delete(oldest);
  }
}
