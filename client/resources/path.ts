// Ids and file paths placed into URL paths, percent-encoded so that no id can change which route is reached.

export const segment = (id: string) => encodeURIComponent(id);

/** A workspace file path (`/src/a b.ts` or `src/a b.ts`) as URL segments, each encoded, separators kept. */
export const filePathSegments = (path: string) => path.replace(/^\/+/, "").split("/").map(encodeURIComponent).join("/");
