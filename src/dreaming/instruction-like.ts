// Deterministic detection of instruction-like text: wording that tries to command the agent (or the model curating its memory) rather than describe what happened.
import type { InstructionFinding, InstructionSignal } from "../schemas/dream";
import { hasHiddenCharacters, readableText } from "./hidden-characters";

const MOVE_DATA = String.raw`(?:send|sends|sending|forward|upload|post|email|e-mail|mail|transmit|exfiltrate|leak|copy|sync|share|report|pipe|curl|wget|beacon)`;
const URL = String.raw`(?:https?|ftp|wss?):\/\/[^\s"'<>)\]]+`;
const EMAIL = String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`;
const IP_ADDRESS = String.raw`\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b`;
const SECRET = String.raw`(?:api[ _-]?keys?|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|bearer tokens?|passwords?|passphrases?|credentials?|secrets?|private[ _-]?keys?|ssh[ _-]?keys?|id_rsa|\.env\b|session cookies?|cookies|aws_secret_access_key|seed phrases?)`;
/** Up to 120 characters of one sentence may separate the parts of a pattern (a verb and its destination, say); `.env` and `~/.ssh` do not end it. */
const GAP = String.raw`(?:[^.!?\n]|[.!?](?=\S)){0,120}?`;

/**
 * The signals, each a documented pattern over the visible text (zero-width characters cannot split a word to dodge
 * them: they are read with hidden characters removed and tag-character text decoded):
 * - override_instructions: "ignore / disregard / forget (all) previous / prior / above instructions", "new instructions:".
 * - persistent_directive: standing orders aimed at the agent: "remember that you must", "from now on", "henceforth",
 *   "in all future sessions".
 * - exfiltration: moving data (send, forward, upload, post, email, …) to a destination: a URL, an email address or an IP.
 * - credential_harvesting: a secret (API key, token, password, SSH key, .env, cookies, …) next to a verb that moves,
 *   prints or includes it, or a literal secret (an `sk-…` key, an AWS access key id, a private key block).
 * - concealment: keeping something from the user: "do not tell / inform / mention … the user", "without telling the
 *   user", "secretly".
 * - prompt_manipulation: talk of the model's own prompt or role: "system prompt", "developer message", "you are now",
 *   "as an AI", "jailbreak", fake role tags such as "<system>" or "assistant:" at a line start.
 * - encoded_payload: a base64-looking run of 40+ characters mixing upper case, lower case and digits (hashes in hex
 *   are one case and do not match).
 * - hidden_characters: any character src/dreaming/hidden-characters.ts hides.
 * A lesson such as "Always pass --force when the registry lock is stale" matches none: "always" alone is not a signal,
 * only when it is paired with moving data somewhere, keeping secrets, or addressed to the agent as a standing order.
 */
const PATTERNS: ReadonlyArray<readonly [InstructionSignal, RegExp]> = [
  ["override_instructions", /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?\b(?:previous|prior|above|earlier|all|any|your|system|safety)\b[^.!?\n]{0,30}?\b(?:instructions?|rules|prompts?|guidelines|directives|policies)\b/i],
  ["override_instructions", /\bnew instructions?\s*:/i],
  ["persistent_directive", /\bremember\b[^.!?\n]{0,20}?\b(?:that\s+)?(?:you|the (?:agent|assistant|model))\s+(?:must|should|shall|have to|need to|will|always|never)\b/i],
  ["persistent_directive", /\bfrom now on\b|\bhenceforth\b|\bin (?:all|every) (?:future|subsequent) (?:sessions?|tasks?|conversations?|runs?|chats?)\b/i],
  ["exfiltration", new RegExp(String.raw`\b${MOVE_DATA}\b${GAP}(?:${URL}|${EMAIL}|${IP_ADDRESS})`, "i")],
  ["exfiltration", /\bexfiltrat\w*/i],
  ["credential_harvesting", new RegExp(String.raw`\b(?:${MOVE_DATA}|include|print|output|reveal|paste|dump|attach|append|collect|harvest)\b${GAP}\b${SECRET}`, "i")],
  ["credential_harvesting", new RegExp(String.raw`\b${SECRET}${GAP}\b(?:${MOVE_DATA}|to (?:${URL}|${EMAIL}))`, "i")],
  ["credential_harvesting", /\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}|\bAKIA[0-9A-Z]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["concealment", /\b(?:do not|don['’]t|never|must not)\s+(?:tell|inform|mention|reveal|show|notify|alert|let)\b[^.!?\n]{0,40}?\b(?:user|human|operator|owner|anyone|them)\b/i],
  ["concealment", /\bwithout (?:telling|informing|notifying|alerting)\s+(?:the\s+)?(?:user|human|operator|owner|anyone)\b|\bsecretly\b|\bbehind the user['’]s back\b/i],
  ["prompt_manipulation", /\bsystem (?:prompt|message|instructions?)\b|\bdeveloper (?:message|instructions?|mode)\b|\byou are now\b|\bas an ai\b|\bjailbreak/i],
  ["prompt_manipulation", /<\/?\s*(?:system|assistant|instructions?)\s*>|^\s*(?:system|assistant)\s*:/im],
];

/** Runs of the base64 alphabet; encodedPayload keeps those that mix cases and digits. Scanned once, never backtracked. */
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;
const encodedPayload = (text: string) => [...text.matchAll(BASE64_RUN)].find(([run]) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run))?.[0];

const EXCERPT = 80;

/** Every signal the text shows, once each, in the order of PATTERNS; empty when the text reads as plain description. */
export function detectInstructionLike(text: string): InstructionFinding[] {
  const readable = readableText(text);
  const findings = new Map<InstructionSignal, InstructionFinding>();
  for (const [signal, pattern] of PATTERNS) {
    if (findings.has(signal)) continue;
    const match = pattern.exec(readable);
    if (match) findings.set(signal, { signal, excerpt: shorten(match[0]) });
  }
  const payload = encodedPayload(readable);
  if (payload) findings.set("encoded_payload", { signal: "encoded_payload", excerpt: shorten(payload) });
  if (hasHiddenCharacters(text)) findings.set("hidden_characters", { signal: "hidden_characters", excerpt: "" });
  return [...findings.values()];
}

/** `exfiltration ("send … to https://…"), concealment ("do not tell the user")`. */
export function describeFindings(findings: readonly InstructionFinding[]): string {
  return findings.map((finding) => (finding.excerpt ? `${finding.signal} (${JSON.stringify(finding.excerpt)})` : finding.signal)).join(", ");
}

const shorten = (text: string) => {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= EXCERPT ? oneLine : `${oneLine.slice(0, EXCERPT - 1)}…`;
};
