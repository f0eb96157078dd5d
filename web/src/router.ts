// Hash routing: the current "#/…" path as state, and matching it against the route table's patterns.
import { useEffect, useState } from "preact/hooks";
import type { Route } from "./routes";

export function currentHashPath(): string {
  const path = location.hash.replace(/^#/, "");
  return path.startsWith("/") ? path : "/";
}

export function useHashPath(): string {
  const [path, setPath] = useState(currentHashPath);
  useEffect(() => {
    const update = () => setPath(currentHashPath());
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return path;
}

export function navigate(path: string): void {
  location.hash = path;
}

/** The first route whose pattern fits the path, with its `:name` segments decoded. */
export function matchRoute(routes: Route[], path: string): { route: Route; params: Record<string, string> } | null {
  const segments = path.split("?")[0]!.split("/").filter(Boolean);
  for (const route of routes) {
    const parts = route.pattern.split("/").filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = parts.every((part, index) => {
      const segment = segments[index]!;
      if (part.startsWith(":")) {
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (fits) return { route, params };
  }
  return null;
}
