// Where data could be sent outside: URLs, mail addresses, IP addresses, bare domains, their defanged spellings, and places named in words ("an external mailbox").
import { type Span, spansOf, WORD_END, WORD_START } from "./text-spans";

/**
 * Top-level domains a bare host name is recognised by. Common file extensions that are also country domains (`.md`,
 * `.sh`, `.py`, `.rs`, `.pl`, `.zip`, `.mov`, `.id`, `.in`, `.it`, `.at`, `.to`) are left out, so `README.md` or
 * `user.id` are not hosts; a URL or a mail address on such a domain is still found by its own pattern.
 */
const TLD = String.raw`(?:com|net|org|io|co|ai|app|dev|me|info|biz|xyz|top|site|online|live|link|click|shop|store|tech|space|website|club|icu|vip|cloud|example|test|invalid|onion|edu|gov|mil|int|eu|uk|us|ca|au|nz|de|fr|es|nl|be|ch|se|no|dk|fi|pt|gr|ro|hu|cz|ru|su|ua|by|kz|cn|hk|tw|jp|kr|sg|vn|br|mx|ar|za|ir|tr|il|tk|ml|ga|cf|gq|cc|tv|ws|pw|ly|gg|su)`;
const LABEL = String.raw`[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`;

/** `hxxps://`, `evil[.]example`, `evil(dot)example`, `name[at]evil.example`, `evil dot example`: spellings that dodge link filters. */
const DEFANGED = [
  String.raw`${WORD_START}h(?:xx|XX|\*\*)ps?${WORD_END}`,
  String.raw`[\w-]\s{0,3}[\[({<]\s{0,3}(?:\.|dot|punkt|punto|point|:|:\/\/|@|at)\s{0,3}[\])}>]\s{0,3}[\w/-]`,
  String.raw`[\w-]\s{1,3}dot\s{1,3}(?:[\w-]{1,63}\s{1,3}dot\s{1,3}){0,4}${TLD}${WORD_END}`,
];

/** A defanged dot: `[.]`, `(dot)`, ` dot `. */
const SPELLED_DOT = String.raw`(?:\s{0,3}[[({<]\s{0,3}(?:\.|dot|punkt|punto|point)\s{0,3}[\])}>]\s{0,3}|\s{1,3}dot\s{1,3})`;
/** " at " before a domain whose dots are defanged too ("billing at evil dot com"); "lives at example.com" stays prose. */
const SPELLED_AT = new RegExp(String.raw`(?<=[\w.+-])\s{1,3}at\s{1,3}(?=${LABEL}(?:(?:\.|${SPELLED_DOT})${LABEL}){0,5}${SPELLED_DOT}${TLD}${WORD_END})`, "giu");

/** Rewrites defanged spellings back to what they stand for, so the destination patterns below read them. */
export function refang(text: string): string {
  return text
    .replace(SPELLED_AT, "@")
    .replace(/\bh(?:xx|\*\*)p(s?)(?=\s{0,3}(?:\[:\]|:|\[:\/\/\]))/giu, "http$1")
    .replace(/\s{0,3}[[({<]\s{0,3}(:\/\/|:)\s{0,3}[\])}>]\s{0,3}/gu, "$1")
    .replace(/(?<=[\w-])\s{0,3}[[({<]\s{0,3}(?:\.|dot|punkt|punto|point)\s{0,3}[\])}>]\s{0,3}(?=[\w-])/giu, ".")
    .replace(/(?<=[\w-])\s{1,3}dot\s{1,3}(?=[\w-])/giu, ".")
    .replace(/(?<=[\w.+-])\s{0,3}[[({<]\s{0,3}(?:@|at)\s{0,3}[\])}>]\s{0,3}(?=[\w-])/giu, "@");
}

const URL = String.raw`${WORD_START}[a-z][a-z0-9+.-]{0,15}:\/\/[^\s"'<>]{1,300}`;
const EMAIL = String.raw`(?<![\w.+-])[\w.+-]{1,64}@${LABEL}(?:\.${LABEL}){1,8}`;
const IP_ADDRESS = String.raw`(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.]\w)`;
/** `evil.example`, `files.evil.io/drop`; a label before `.net` that names a framework (`ASP.NET`) is not a host. */
const BARE_DOMAIN = String.raw`(?<![\w.@/-])(?!(?:asp|vb|ado)\.net${WORD_END})(?:${LABEL}\.){1,6}${TLD}(?![\w-]|\.\w)(?:\/[^\s"'<>]{0,200})?`;
/** Services often used to collect stolen data, named without an address. */
const SERVICES = String.raw`${WORD_START}(?:gmail|googlemail|yahoo mail|hotmail|proton ?mail|tutanota|gmx|yandex|icloud mail|pastebin|hastebin|ghostbin|dropbox|wetransfer|mega\.nz|google drive|onedrive|ngrok|webhook\.site|requestbin|pipedream|interactsh|burp collaborator|discord|telegram|dead ?drop)${WORD_END}`;
/** A place outside named in words: "an external mailbox", "my personal inbox", "une adresse externe", "ein privates Postfach". */
const PLACES_IN_WORDS = [
  String.raw`${WORD_START}(?:external|outside|third[- ]party|personal|private|offsite|off-site|remote|unknown|anonymous|another|other|foreign|my own)\s{1,3}(?:[\p{L}-]{1,30}\s{1,3})?(?:e-?mail(?:\s{1,3}address)?|mail ?box|inbox|address|account|server|host|endpoint|webhook|bucket|drive|domain|url|recipient|storage|repo(?:sitory)?)${WORD_END}`,
  String.raw`${WORD_START}(?:adresse|bo[iî]te|messagerie|serveur|compte|h[ée]bergeur|site)(?:\s{1,3}(?:mail|e-mail|aux lettres|de messagerie))?\s{1,3}(?:externe|ext[ée]rieure?|personnelle?|priv[ée]e?|tierce?)${WORD_END}`,
  String.raw`${WORD_START}(?:extern|privat|persönlich|fremd|ander)\p{L}{0,4}\s{1,3}(?:e-?mail-?)?(?:adresse|postfach|server|konto|mailbox|domain|webseite|url)\p{L}{0,4}${WORD_END}`,
  String.raw`${WORD_START}(?:direcci[óo]n|correo|buz[óo]n|servidor|cuenta|sitio)(?:\s{1,3}de\s{1,3}correo)?\s{1,3}(?:extern[oa]|personal|privad[oa]|ajen[oa])${WORD_END}`,
];

const DEFANGED_PATTERN = new RegExp(DEFANGED.join("|"), "giu");
const DESTINATION_PATTERN = new RegExp([URL, EMAIL, IP_ADDRESS, BARE_DOMAIN, SERVICES, ...PLACES_IN_WORDS].join("|"), "giu");

/** Every destination named in text that `refang` has read, so defanged spellings count as what they stand for. */
export const destinationSpans = (refanged: string): Span[] => spansOf(refanged, DESTINATION_PATTERN);

/** Every defanged spelling: a destination written so that filters and link checkers miss it. */
export const defangedSpans = (text: string): Span[] => spansOf(text, DEFANGED_PATTERN);
