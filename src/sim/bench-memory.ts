// What the benchmark agent policy reads from its <memory> block: workarounds stated as "`tool` failed with "signature"; it succeeded after changing …".
export interface RememberedWorkaround {
  tool: string;
  signature: string;
  /** Input fields to set (a JSON value) or to remove (undefined). */
  changes: Record<string, unknown>;
}

/**
 * Reflection lessons and dream playbooks both carry the digest's recovery statement (src/sim/digest-findings.ts),
 * so one pattern reads both; a change whose value was shortened (not valid JSON) is left out.
 */
const STATEMENT = /`([A-Za-z0-9_-]+)` failed with "(.*?)"; it succeeded after changing (.+?)\.?$/gm;
const ADDED = /^([\w.]+): added (.+)$/;
const CHANGED = /^([\w.]+): .+ → (.+)$/;
const REMOVED = /^([\w.]+): removed \(was .*\)$/;

export function memoryBlockOf(systemText: string): string {
  const start = systemText.indexOf("<memory>");
  const end = systemText.lastIndexOf("</memory>");
  return start === -1 || end < start ? "" : systemText.slice(start, end);
}

export function rememberedWorkarounds(memoryText: string): RememberedWorkaround[] {
  return [...memoryText.matchAll(STATEMENT)].map(([, tool = "", signature = "", changes = ""]) => ({ tool, signature, changes: parseChanges(changes) }));
}

function parseChanges(text: string): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const part of text.split("; ")) {
    const removed = REMOVED.exec(part);
    if (removed?.[1]) {
      changes[removed[1]] = undefined;
      continue;
    }
    const [, field, value] = ADDED.exec(part) ?? CHANGED.exec(part) ?? [];
    const parsed = field && value ? parseJson(value) : undefined;
    if (field && parsed !== undefined) changes[field] = parsed;
  }
  return changes;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
