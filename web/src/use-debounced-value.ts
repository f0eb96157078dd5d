// A value that follows another once it has stopped changing for a while: a burst of changes (a transcript replaying
// a hundred turns) becomes one.
import { useEffect, useState } from "preact/hooks";

export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
