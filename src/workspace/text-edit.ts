// The edit tool's replacement: exact text, unique unless every occurrence is asked for, so an edit never lands twice by accident.
export type EditResult = { ok: true; content: string; replacements: number } | { ok: false; reason: string };

export function replaceExact(text: string, oldString: string, newString: string, replaceAll: boolean): EditResult {
  if (oldString === "") return { ok: false, reason: "old_string is empty; give the exact text to replace." };
  if (oldString === newString) return { ok: false, reason: "old_string and new_string are the same; nothing would change." };
  const occurrences = text.split(oldString).length - 1;
  if (occurrences === 0) return { ok: false, reason: "old_string does not occur in the file; read it again and copy the text exactly." };
  if (occurrences > 1 && !replaceAll) {
    return { ok: false, reason: `old_string occurs ${occurrences} times; add surrounding text so it occurs exactly once, or set replace_all.` };
  }
  // A function replacement keeps `$` sequences in new_string literal.
  const content = replaceAll ? text.split(oldString).join(newString) : text.replace(oldString, () => newString);
  return { ok: true, content, replacements: replaceAll ? occurrences : 1 };
}
