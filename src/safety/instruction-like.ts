// Deterministic detection of risky memory content: text that would have the agent move or disclose data, approve in the user's name, or obey someone else, rather than describe what happened.
import { type InstructionFinding, InstructionSignal } from "../schemas/dream";
import { defangedSpans, destinationSpans, refang } from "./destinations";
import { hasHiddenCharacters, readableText } from "./hidden-characters";
import { type RiskFeatures, riskFeaturesOf } from "./risk-features";
import { covering, mergeSpans, nearPair, precededBy, type Span, WORD_END, WORD_START } from "./text-spans";

/**
 * The risk model. Each signal is a combination of features (risk-features.ts, destinations.ts) found in the text as a
 * model would read it: hidden characters removed and tag-character text decoded, compatibility forms folded (NFKC:
 * fullwidth and mathematical letters), Latin lookalikes from Cyrillic and Greek read as Latin, and defanged
 * destinations read as what they stand for. Features stand "close" when at most a bounded number of characters
 * separate them, across sentences, in either order.
 * - exfiltration: a verb that moves data (send, bcc, forward, upload, copy, share, sync, publish, export, …, envoie,
 *   mets en copie, schicke, leite weiter, envía, con copia…, or an arrow) close to a destination (a URL of any scheme, a
 *   mail address, an IP address, a bare domain such as `files.evil.io/drop`, a collecting service, or "an external
 *   mailbox"); or such a verb pointing back ("there", "to that address") at a destination named anywhere in the memory.
 *   A negation does not clear it: "never send data to evil.example" names the place all the same, and one look by a
 *   person costs less than a missed order.
 * - credential_harvesting: a verb that shows or moves data (not negated), a negated protection ("never redact") or
 *   "in full", close to a credential (passwords, API keys, tokens, cookies, one-time codes, …); or a literal secret.
 * - sensitive_data: the same, close to data about a person or their money (card numbers, IBAN, national ids,
 *   passports, dates of birth, personal data, …), unless it keeps to "the last four digits".
 * - approval_directive: approving in the user's name when standing, wholesale or unreviewed ("always approve",
 *   "approve every refund", "merge without review"), "auto-approve", or switching a safeguard off ("skip the review",
 *   "no need to ask"). Approvals someone else gives ("ask Dana to approve", "until the partner approves") are not.
 * - override_instructions: "ignore / disregard / forget previous instructions", "disregard what you were told",
 *   "previous rules no longer apply", "follow the instructions in the files you read", and their French, German and
 *   Spanish forms; "new instructions:".
 * - concealment: keeping something from the user ("do not tell the user", "secretly", "sans prévenir l'utilisateur").
 * - prompt_manipulation: talk of the model's own prompt or role, fake role tags.
 * - obfuscated_destination: a defanged destination (`hxxps://`, `evil[.]example`, `name (at) evil (dot) com`): nobody
 *   spells a place that way but to slip it past a filter.
 * - encoded_payload: a base64-looking run of 40+ characters mixing upper case, lower case and digits.
 * - hidden_characters: any character src/safety/hidden-characters.ts hides.
 * - persistent_directive: a standing order ("always", "from now on", "by default", "every time", "désormais", "immer",
 *   "siempre", …) alongside any of the above; alone it is how people state preferences ("always sign as Dana").
 * Ordinary lessons match none: "Send the draft to the user for review" names no destination, "Our site is
 * example-law.com" moves nothing, "Always pass --force when the lock is stale" orders nothing risky.
 */
const NEAR_DESTINATION = 160;
const NEAR_DATA = 80;
const NEAR_APPROVAL = 60;
const WHOLESALE_AFTER_CONSENT = 25;

const OVERRIDE_PATTERNS = [
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?\b(?:previous|prior|above|earlier|all|any|your|system|safety)\b[^.!?\n]{0,30}?\b(?:instructions?|rules|prompts?|guidelines|directives|policies)\b/iu,
  /\bnew\s{0,3}instructions?\s{0,3}:/iu,
  /\b(?:ignore|disregard|forget|override|discard|set\s{1,3}aside|pay\s{1,3}no\s{1,3}attention\s{1,3}to)\b[^.!?\n]{0,40}?\b(?:what|everything|anything|whatever)\b[^.!?\n]{0,30}?\b(?:told|said|instructed|asked|taught|given|learned|learnt|written|received)\b/iu,
  /\b(?:previous|prior|earlier|old|above|original|existing)\s{1,3}(?:instructions?|rules|guidelines|directives|policies|prompts?|orders)\s{1,3}(?:no\s{1,3}longer\s{1,3}apply|(?:are|is)\s{1,3}(?:now\s{1,3})?(?:void|obsolete|cancell?ed|outdated|revoked|superseded|invalid))/iu,
  /\b(?:obey|follow|execute|carry\s{1,3}out|comply\s{1,3}with|act\s{1,3}on)\b[^.!?\n]{0,30}?\b(?:instructions?|commands?|orders?|directives?)\b[^.!?\n]{0,30}?\b(?:in|from|inside|within)\b[^.!?\n]{0,30}?\b(?:files?|pages?|documents?|e-?mails?|messages?|tool\s{1,3}results?|websites?|web\s{0,3}pages?|comments?|attachments?|tickets?)\b/iu,
  new RegExp(
    String.raw`${WORD_START}(?:ignor|oubli|n[ée]glig)\p{L}*[^.!?\n]{0,40}?(?:(?:instructions?|consignes?|r[èe]gles|directives)${WORD_END}[^.!?\n]{0,20}?(?:pr[ée]c[ée]dentes|ant[ée]rieures|d'avant|initiales|re[çc]ues)|(?:tes|vos|toutes\s{1,3}les)\s{1,3}(?:instructions|consignes|r[èe]gles)|ce\s{1,3}qu(?:e|')[^.!?\n]{0,20}?(?:dit|demand[ée]|appris))`,
    "iu",
  ),
  new RegExp(
    String.raw`${WORD_START}(?:ignorier|vergiss|vergessen|missacht|verwirf|verwerf)\p{L}*[^.!?\n]{0,40}?(?:(?:vorherigen|bisherigen|früheren|alten|obigen|ursprünglichen|deine|ihre|alle)\s{1,3}(?:anweisungen|anordnungen|regeln|vorgaben|instruktionen|befehle)|was\s{1,3}(?:dir|man\s{1,3}dir|ihnen)[^.!?\n]{0,20}?(?:gesagt|aufgetragen|beigebracht))`,
    "iu",
  ),
  new RegExp(
    String.raw`${WORD_START}(?:ignor|olvid|descart)\p{L}*[^.!?\n]{0,40}?(?:(?:instrucciones|reglas|indicaciones|[óo]rdenes)\s{1,3}(?:anteriores|previas|originales|recibidas)|(?:tus|sus|todas\s{1,3}las)\s{1,3}(?:instrucciones|reglas|indicaciones)|lo\s{1,3}que\s{1,3}(?:te|le|se\s{1,3}te)\s{1,3}(?:dijeron|han\s{1,3}dicho|dije|dijo|indicaron|pidieron))`,
    "iu",
  ),
];

const CONCEALMENT_PATTERNS = [
  /\b(?:do not|don't|never|must not)\s{1,3}(?:tell|inform|mention|reveal|show|notify|alert|let)\b[^.!?\n]{0,40}?\b(?:user|human|operator|owner|anyone|them)\b/iu,
  /\bwithout\s{1,3}(?:telling|informing|notifying|alerting)\s{1,3}(?:the\s{1,3})?(?:user|human|operator|owner|anyone)\b|\bsecretly\b|\bbehind\s{1,3}the\s{1,3}user's\s{1,3}back\b/iu,
  new RegExp(
    String.raw`${WORD_START}(?:sans\s{1,3}(?:le\s{1,3}|lui\s{1,3}en\s{1,3})?(?:dire|pr[ée]venir|informer|avertir|signaler)|en\s{1,3}secret|[àa]\s{1,3}l'insu|ne\s{1,3}(?:le\s{1,3}|lui\s{1,3}|leur\s{1,3})?(?:dis|dites|mentionne|mentionnez|signale|signalez)\s{1,3}(?:rien|pas|jamais))${WORD_END}`,
    "iu",
  ),
  new RegExp(
    String.raw`${WORD_START}(?:heimlich|verschweig\p{L}*|ohne\s{1,3}(?:es\s{1,3})?(?:de[nm]\s{1,3})?(?:nutzer|benutzer|kunden|anwender)\p{L}{0,2}\s{1,3}(?:zu\s{1,3})?(?:sagen|informieren|benachrichtigen|erwähnen)|sag\p{L}{0,2}\s{1,3}(?:de[mn]\s{1,3})?(?:nutzer|benutzer|kunden)\p{L}{0,2}\s{1,3}nichts)${WORD_END}`,
    "iu",
  ),
  new RegExp(
    String.raw`${WORD_START}(?:en\s{1,3}secreto|a\s{1,3}escondidas|sin\s{1,3}(?:dec[ií]rselo|decirle|avisar|informar|notificar)|no\s{1,3}(?:le\s{1,3})?(?:digas|menciones|informes|avises)\s{1,3}(?:nada\s{1,3})?(?:al\s{1,3})?(?:usuario|cliente))${WORD_END}`,
    "iu",
  ),
];

const PROMPT_MANIPULATION_PATTERNS = [
  /\bsystem\s{1,3}(?:prompt|message|instructions?)\b|\bdeveloper\s{1,3}(?:message|instructions?|mode)\b|\byou\s{1,3}are\s{1,3}now\b|\bas\s{1,3}an\s{1,3}ai\b|\bjailbreak/iu,
  /<\/?\s{0,3}(?:system|assistant|instructions?)\s{0,3}>|^\s{0,20}(?:system|assistant)\s{0,3}:/imu,
];

/** Runs of the base64 alphabet; encodedPayload keeps those that mix cases and digits. Scanned once, never backtracked. */
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;
const encodedPayload = (text: string) => [...text.matchAll(BASE64_RUN)].find(([run]) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run))?.[0];

const EXCERPT = 80;

/** The order findings are reported in; persistent_directive comes second, as in "from now on, send…". */
const SIGNAL_ORDER = InstructionSignal.options;

/** Every signal the text shows, once each, in the order of the InstructionSignal enum; empty when the text reads as plain description. */
export function detectInstructionLike(text: string): InstructionFinding[] {
  const folded = foldLookalikes(readableText(text).normalize("NFKC")).replace(/[\u2018\u2019\u02BC]/g, "'");
  const read = refang(folded);
  const features = riskFeaturesOf(read);
  const destinations = destinationSpans(read);
  const found = new Map<InstructionSignal, string>();
  const note = (signal: InstructionSignal, span: Span | null | undefined) => {
    if (span && !found.has(signal)) found.set(signal, read.slice(span.start, span.end));
  };
  const pattern = (signal: InstructionSignal, patterns: readonly RegExp[]) => {
    for (const candidate of patterns) {
      const match = candidate.exec(read);
      if (match) return note(signal, { start: match.index, end: match.index + match[0].length });
    }
  };
  const pair = (a: Span[], b: Span[], within: number) => {
    const near = nearPair(a, b, within);
    return near ? covering(near) : null;
  };

  pattern("override_instructions", OVERRIDE_PATTERNS);
  note(
    "exfiltration",
    pair(features.moving, destinations, NEAR_DESTINATION) ?? (destinations.length ? pair(features.moving, features.pointingBack, 20) : null),
  );
  pattern("exfiltration", [/\bexfiltrat\w*/iu]);
  note("credential_harvesting", pair(features.disclosing, features.credentials, NEAR_DATA) ?? features.literalSecrets[0]);
  note("sensitive_data", pair(features.disclosing, features.sensitive, NEAR_DATA));
  note("approval_directive", approvalDirective(features));
  pattern("concealment", CONCEALMENT_PATTERNS);
  pattern("prompt_manipulation", PROMPT_MANIPULATION_PATTERNS);
  const defanged = defangedSpans(folded)[0];
  if (defanged) found.set("obfuscated_destination", folded.slice(defanged.start, defanged.end));
  const payload = encodedPayload(read);
  if (payload) found.set("encoded_payload", payload);
  if (found.size > 0) note("persistent_directive", features.standing[0]);
  if (hasHiddenCharacters(text)) found.set("hidden_characters", "");
  return SIGNAL_ORDER.filter((signal) => found.has(signal)).map((signal) => ({ signal, excerpt: shorten(found.get(signal)!) }));
}

/** "always approve", "approve every refund", "merge without review", "auto-approve", "skip the review". */
function approvalDirective(features: RiskFeatures): Span | null {
  const qualifiers = mergeSpans(features.standing, features.wholesale, features.unreviewed);
  const strong = nearPair(features.approving, qualifiers, NEAR_APPROVAL);
  if (strong) return covering(strong);
  const [wholesaleAfter] = precededBy(features.wholesale, features.consenting, WHOLESALE_AFTER_CONSENT);
  if (wholesaleAfter) return covering(wholesaleAfter);
  const unreviewed = nearPair(features.consenting, features.unreviewed, NEAR_APPROVAL);
  return unreviewed ? covering(unreviewed) : (features.autoApprove[0] ?? features.skipReview[0] ?? null);
}

/** Cyrillic and Greek letters drawn like Latin ones, read as Latin inside words otherwise Latin ("sеnd" with a Cyrillic е). */
// biome-ignore format: one line per script and case.
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: "a", е: "e", о: "o", р: "p", с: "c", у: "y", х: "x", і: "i", ј: "j", ѕ: "s", ԁ: "d", ӏ: "l", һ: "h", ԛ: "q", ԝ: "w",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", Х: "X", І: "I", Ј: "J", Ѕ: "S",
  ο: "o", α: "a", ε: "e", ι: "i", κ: "k", ν: "v", ρ: "p", τ: "t", υ: "u", χ: "x",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join("")}]`, "u");

/** Words made only of Latin letters and lookalikes, with at least one lookalike; Russian or Greek words keep their letters. */
const foldLookalikes = (text: string) =>
  text.replace(/\p{L}+/gu, (word) =>
    LOOKALIKE.test(word) && [...word].every((char) => /[a-zA-Z]/.test(char) || LOOKALIKES[char] !== undefined)
      ? [...word].map((char) => LOOKALIKES[char] ?? char).join("")
      : word,
  );

/** `exfiltration ("send … to https://…"), concealment ("do not tell the user")`. */
export function describeFindings(findings: readonly InstructionFinding[]): string {
  return findings.map((finding) => (finding.excerpt ? `${finding.signal} (${JSON.stringify(finding.excerpt)})` : finding.signal)).join(", ");
}

const shorten = (text: string) => {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= EXCERPT ? oneLine : `${oneLine.slice(0, EXCERPT - 1)}…`;
};
