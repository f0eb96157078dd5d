// BENCHMARKS.md is shared by the bench scripts: each owns one section between its markers and rewrites only that.

export interface SectionMarkers {
  start: string;
  end: string;
}

const NEW_DOCUMENT = "# Benchmarks\n\nEvery figure here is written by a bench script; none is typed by hand.\n";

/** Replaces the section between its markers, or appends it; the rest of the document is kept. */
export function withSection(document: string | null, markers: SectionMarkers, section: string): string {
  const base = document ?? NEW_DOCUMENT;
  const start = base.indexOf(markers.start);
  const end = base.indexOf(markers.end);
  if (start === -1 || end === -1) return `${base.trimEnd()}\n\n${section}\n`;
  return `${base.slice(0, start)}${section}${base.slice(end + markers.end.length)}`;
}
