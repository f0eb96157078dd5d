// The words the poisoning risk model looks for, in English, French, German and Spanish: verbs that move or disclose data, sensitive data, approvals, standing orders, and negations.
// biome-ignore-all format: the word lists are packed by language, several to a line; one word a line would hide the languages.
import { mergeSpans, precededBy, type Span, spansNear, spansOf, WORD_END, WORD_START, words } from "./text-spans";

/**
 * Verbs (and arrows) that move data somewhere: with a destination close by they make an exfiltration. Nouns that are
 * also verbs (mail, post, copy, share, report) count only before what a verb takes ("post the…", "copy it to…"), so
 * "the blog post at https://…" is not an order.
 */
const VERB_OBJECT = String.raw`(?=\s{1,3}(?:it|them|this|that|these|those|the|a|an|all|every|each|any|everything|anything|copies|to|over|out|back|with|there|data|files?|their|his|her|its|our|my|your|users?|customers?|clients?|drafts?|documents?|reports?|invoices?|e-?mails?|messages?|records?|logs?|notes?|contacts?|conversations?|transcripts?|attachments?|exports?|backups?|results?|outputs?)${WORD_END})`;
const MOVING_VERBS = words(
  // English
  "send(?:s|ing)?", "sent", "re-?send", "forward(?:s|ed|ing)?", "fwd", "upload(?:s|ed|ing)?", "transmit\\p{L}*", "exfiltrat\\p{L}*",
  "leak(?:s|ed|ing)?", "b?cc(?:'?d|ed|ing)?", "blind[- ]?cop(?:y|ied|ies|ying)", "carbon[- ]?cop(?:y|ied|ies)", "sync(?:s|ed|ing|hroni[sz]\\p{L}*)?",
  "pipe[sd]?", "curl", "wget", "beacon\\p{L}*", "push(?:es|ed|ing)?", "publish\\p{L}*", "disclos\\p{L}*", "divulg\\p{L}*",
  "relay(?:s|ed|ing)?", "mirror(?:s|ed|ing)?", "replicat\\p{L}*", "transfer(?:s|red|ring)?", "submit(?:s|ted|ting)?", "deliver(?:s|ed|ing)?",
  "fax(?:es|ed|ing)?", `dump(?:s|ed|ing)?${VERB_OBJECT}`, `export(?:s|ed|ing)?${VERB_OBJECT}`,
  `(?:e-?)?mail(?:s|ed|ing)?${VERB_OBJECT}`, `post(?:s|ed|ing)?${VERB_OBJECT}`, `cop(?:y|ies|ied|ying)${VERB_OBJECT}`, `shar(?:e|es|ed|ing)${VERB_OBJECT}`,
  `report(?:s|ed|ing)?${VERB_OBJECT}`,
  "(?:be|been|being|is|are|get|gets|got)\\s{1,3}(?:sent|posted|uploaded|forwarded|copied|shared|mailed|e-?mailed|synced|exported|published|transferred|delivered|submitted|cc'?d|bcc'?d|mirrored|pushed|dumped|leaked|backed\\s{1,3}up|stored|saved)",
  "drop\\s{1,3}(?:point|site|zone)", "collection\\s{1,3}point", "collector",
  // French
  "r?envo[iy]\\p{L}*", "transf[eéè]r\\p{L}*", "transmet\\p{L}*", "t[ée]l[ée]vers\\p{L}*", "t[ée]l[ée]charg\\p{L}*", "copi(?:e|es|ez|er|é|ée)",
  "(?:mets|mettre|mettez|met)\\s{1,3}en\\s{1,3}copie(?:\\s{1,3}cach[ée]e)?", "en\\s{1,3}copie\\s{1,3}cach[ée]e", "cci", "partag\\p{L}*", "publi(?:e|es|ez|er|é|ée)",
  "divulgu\\p{L}*", "communiqu\\p{L}*", "synchronis\\p{L}*", "exp[ée]di\\p{L}*", "fai(?:s|tes|re)\\s{1,3}suivre", "poste[rz]",
  // German
  "send(?:e|en|et|est)", "versend\\p{L}*", "mitsend\\p{L}*", "\\p{L}{0,4}schick\\p{L}*", "übermitt\\p{L}*", "weiterleit\\p{L}*", "leite[nt]?",
  "hochlad\\p{L}*", "hochgeladen", "lade[nt]?", "kopier\\p{L}*", "teil(?:e|en|t)", "veröffentlich\\p{L}*", "synchronisier\\p{L}*", "exportier\\p{L}*",
  "übertrag\\p{L}*", "blindkopie\\p{L}*", "in\\s{1,3}(?:die\\s{1,3})?(?:kopie|cc|bcc)",
  // Spanish, and a few Italian and Portuguese forms
  "envi(?:a|ar|e|en|as|es|amos|ad|ando|ado|ó)", "enví(?:a|e|en|as|es|o)", "reenv[ií]\\p{L}*", "mand(?:a|ar|e|en|as|es|ad)", "sub(?:e|ir|a|an|es|id|iendo)",
  "copi(?:a|ar|en|as)", "con\\s{1,3}copia(?:\\s{1,3}oculta)?", "cco", "compart\\p{L}*", "publica[rsn]?", "transfier\\p{L}*", "transferi\\p{L}*",
  "sincroniz\\p{L}*", "export(?:a|ar|e|en)", "invia(?:re|to|mo)?", "inoltr\\p{L}*", "carica(?:re|to)?", "condivid\\p{L}*",
  "encaminh\\p{L}*", "compartilh\\p{L}*",
);
/** Where data rests, not who sees it: moving with a destination, never disclosing ("store the key in the vault"). */
const STORING_VERBS = words(
  `back(?:s|ed|ing)?\\s{1,3}up${VERB_OBJECT}`, `sav(?:e|es|ed|ing)${VERB_OBJECT}`, `stor(?:e|es|ed|ing)${VERB_OBJECT}`, "keep\\s{1,3}(?:a\\s{1,3})?cop(?:y|ies)",
  "sauvegard\\p{L}*", "speicher(?:e|n|t)", "guard(?:a|ar|e|en)",
);
const ARROWS = /->|=>|→|⇒|⟶/gu;
/** "upload it there", "send them to that address": the destination is named elsewhere in the memory. */
const POINTING_BACK = words(
  "there", "to\\s{1,3}(?:it|that|this)(?:\\s{1,3}(?:address|host|server|site|domain|inbox|mailbox|url|endpoint|location))?", "l[àa]-bas", "dorthin", "all[íi]", "all[áa]",
);

/** Verbs that put data in front of someone: with sensitive data close by (and not negated) they disclose it. */
const DISCLOSING_VERBS = words(
  "includ(?:e|ing)", "add(?:ing)?", "append(?:ing)?", "attach(?:ing)?", "put(?:ting)?", "insert(?:ing)?", "writ(?:e|ing)", "print(?:ing)?", "output(?:ting)?",
  "show(?:ing)?", "display(?:ing)?", "reveal(?:ing)?", "expos(?:e|ing)", "repeat(?:ing)?", "echo(?:ing)?", "log(?:ging)?(?!\\s{1,3}(?:in|on|out|into)\\b)",
  "list(?:ing)?", "quot(?:e|ing)", "past(?:e|ing)", "collect(?:ing)?", "harvest(?:ing)?", "gather(?:ing)?", "captur(?:e|ing)",
  "(?:must|should|shall|will|to|always)\\s{1,3}be\\s{1,3}(?:included|added|shown|displayed|listed|printed|attached|written|revealed|sent|shared|disclosed|copied|quoted|repeated)",
  "ask(?:s|ed|ing)?(?:\\s{1,3}(?:the\\s{1,3})?(?:users?|them|him|her|customers?|clients?))?\\s{1,3}for", "spell(?:s|ed)?\\s{1,3}out",
  "inclu(?:s|t|ez|re|ons|ir|ye|yas|yan|ya|id)", "ajout\\p{L}*", "affich\\p{L}*", "indiqu\\p{L}*", "[ée]cri[rstv]\\p{L}*", "donn(?:e|es|ez|er)", "r[ée]v[èée]l\\p{L}*", "joins|joindre|joignez|joint",
  "mets|mettre|mettez", "imprim\\p{L}*", "montr\\p{L}*", "recopi\\p{L}*", "coll(?:e|ez|er)", "demand(?:e|ez|er)",
  "\\p{L}{0,6}füg\\p{L}{0,4}", "anhäng\\p{L}*", "\\p{L}{0,3}zeig\\p{L}*", "schreib\\p{L}*", "nenn\\p{L}*", "gib", "geben", "angeben", "ausgeben",
  "verrat\\p{L}*", "offenleg\\p{L}*", "aufnehm\\p{L}*", "nimm",
  "añad\\p{L}*", "agreg\\p{L}*", "muestr\\p{L}*", "mostr\\p{L}*", "escrib\\p{L}*", "pon|poner|ponga|pongas|pongan", "revel\\p{L}*",
  "adjunt\\p{L}*", "pide|pedir|pida|solicit\\p{L}*",
);

/** Verbs that protect data: negated ("never redact", "ne masque pas"), they disclose it. */
const PROTECTING_VERBS = words(
  "redact\\p{L}*", "mask\\p{L}*", "hid(?:e|es|ing)", "omit\\p{L}*", "obscur\\p{L}*", "censor\\p{L}*", "strip\\p{L}*", "remov\\p{L}*", "truncat\\p{L}*",
  "anonymi[sz]\\p{L}*", "pseudonymi[sz]\\p{L}*", "blur\\p{L}*", "encrypt\\p{L}*", "leav(?:e|es|ing)\\s{1,3}out",
  "masqu\\p{L}*", "caviard\\p{L}*", "cach(?:e|es|ez|er)", "occult\\p{L}*", "anonymis\\p{L}*", "tronqu\\p{L}*", "chiffr\\p{L}*",
  "schwärz\\p{L}*", "maskier\\p{L}*", "verberg\\p{L}*", "versteck\\p{L}*", "unkenntlich", "anonymisier\\p{L}*", "verschlüssel\\p{L}*", "weglass\\p{L}*",
  "ocult\\p{L}*", "enmascar\\p{L}*", "tach\\p{L}*", "censur\\p{L}*", "anonimiz\\p{L}*", "cifr\\p{L}*",
);

/** Asking for data in the clear: as good as a disclosing verb next to sensitive data. */
const IN_FULL = words(
  "in\\s{1,3}full", "in\\s{1,3}clear(?:text)?", "in\\s{1,3}plain\\s{0,3}text", "unmasked", "unredacted", "un-redacted", "verbatim",
  "(?:full|complete|whole|entire)\\s{1,3}(?:card\\s{1,3})?numbers?", "all\\s{1,3}(?:16|sixteen)\\s{1,3}digits",
  "en\\s{1,3}clair", "en\\s{1,3}entier", "complets?", "compl[eè]tes?", "en\\s{1,3}toutes\\s{1,3}lettres",
  "im\\s{1,3}klartext", "vollständig\\p{L}*", "ungeschwärzt\\p{L}*", "ungekürzt\\p{L}*", "completos?", "completas?", "en\\s{1,3}texto\\s{1,3}(?:plano|claro)",
);

/** "only the last four digits": a preference that protects card numbers while naming them. */
const LAST_DIGITS = words(
  "last\\s{1,3}(?:four|4)(?:\\s{1,3}digits)?", "(?:quatre|4)\\s{1,3}derniers\\s{1,3}chiffres", "letzten\\s{1,3}(?:vier|4)\\s{1,3}ziffern",
  "[úu]ltimos\\s{1,3}(?:cuatro|4)\\s{1,3}d[íi]gitos",
);

/** Secrets that open accounts: the subject of credential harvesting. */
const CREDENTIALS = words(
  "api[ _-]?keys?", "contents?\\s{1,3}of\\s{1,3}(?:the\\s{1,3}|your\\s{1,3})?(?:~?\\/?\\.(?:env|ssh|aws|netrc|npmrc|pgpass)[^\\s,;]{0,40})", "\\.env\\s{1,3}(?:contents?|values|secrets)", "api[ _-]?tokens?", "access[ _-]?tokens?", "auth(?:entication)?[ _-]?tokens?", "bearer\\s{1,3}tokens?", "session[ _-]?tokens?",
  "refresh[ _-]?tokens?", "oauth[ _-]?tokens?", "jwts?", "passwords?", "passphrases?", "passcodes?", "credentials?", "secrets?", "private[ _-]?keys?",
  "ssh[ _-]?keys?", "id_rsa", "session\\s{1,3}cookies?", "cookies", "aws_secret_access_key", "seed\\s{1,3}phrases?", "recovery\\s{1,3}(?:codes?|phrases?)",
  "one-time\\s{1,3}(?:pass)?codes?", "otps?", "(?:2fa|mfa|verification|security|backup)\\s{1,3}codes?", "pin\\s{1,3}(?:codes?|numbers?)", "login\\s{1,3}details",
  "mots?\\s{1,3}de\\s{1,3}passe", "identifiants?(?:\\s{1,3}de\\s{1,3}connexion)?", "cl[ée]s?\\s{1,3}(?:d'|de\\s{1,3}l')?api", "cl[ée]s?\\s{1,3}priv[ée]es?",
  "jetons?(?:\\s{1,3}d'acc[eè]s)?", "codes?\\s{1,3}(?:de\\s{1,3}v[ée]rification|secrets?|pin)",
  "passw[oö]rt\\p{L}*", "kennw[oö]rt\\p{L}*", "zugangsdaten", "anmeldedaten", "api-?schlüssel\\p{L}*", "\\p{L}{0,12}schlüssel", "zugriffstoken\\p{L}*",
  "geheimnis\\p{L}*",
  "contrase[ñn]as?", "credenciales", "claves?(?:\\s{1,3}(?:de\\s{1,3}api|api|privadas?|de\\s{1,3}acceso))?", "tokens?\\s{1,3}de\\s{1,3}acceso",
  "c[óo]digos?\\s{1,3}de\\s{1,3}verificaci[óo]n",
);

/** Literal secrets: an Anthropic or OpenAI style key, an AWS access key id, a private key block. */
const LITERAL_SECRETS = /\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}|\bAKIA[0-9A-Z]{16}\b|-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/g;

/** Data about a person or their money: payment cards, bank accounts, national ids, personal data. */
const SENSITIVE_DATA = words(
  "(?:credit|debit|payment|bank)[ -]?cards?(?:\\s{1,3}(?:numbers?|details|data|info(?:rmation)?))?", "card\\s{1,3}(?:numbers?|details|data)", "cvv2?s?",
  "cvcs?", "card\\s{1,3}security\\s{1,3}codes?", "ibans?", "bank\\s{1,3}(?:account|routing)(?:\\s{1,3}(?:numbers?|details))?", "account\\s{1,3}numbers?",
  "routing\\s{1,3}numbers?", "sort\\s{1,3}codes?", "swift\\s{1,3}codes?", "ssns?", "social\\s{1,3}security(?:\\s{1,3}numbers?)?",
  "national\\s{1,3}(?:id|identity|insurance)(?:\\s{1,3}(?:numbers?|cards?))?", "passports?(?:\\s{1,3}(?:numbers?|details|scans?))?",
  "driver'?s?\\s{1,3}licen[cs]es?(?:\\s{1,3}numbers?)?", "tax\\s{1,3}(?:id|identification)(?:\\s{1,3}numbers?)?", "dates?\\s{1,3}of\\s{1,3}birth", "dob",
  "personal\\s{1,3}(?:data|information|details|info)", "pii", "personally\\s{1,3}identifiable(?:\\s{1,3}information)?", "medical\\s{1,3}(?:records?|history|data)",
  "health\\s{1,3}(?:records?|data)", "biometric\\p{L}*", "private\\s{1,3}(?:messages?|conversations?)",
  "num[ée]ros?\\s{1,3}de\\s{1,3}(?:carte|cb)(?:\\s{1,3}(?:bancaires?|de\\s{1,3}cr[ée]dit))?", "cartes?\\s{1,3}(?:bancaires?|de\\s{1,3}cr[ée]dit|bleues?)",
  "cryptogrammes?", "ribs?", "coordonn[ée]es\\s{1,3}bancaires", "donn[ée]es\\s{1,3}(?:bancaires|personnelles|de\\s{1,3}paiement|sensibles)",
  "num[ée]ros?\\s{1,3}de\\s{1,3}s[ée]curit[ée]\\s{1,3}sociale", "pi[eè]ces?\\s{1,3}d'identit[ée]", "num[ée]ros?\\s{1,3}de\\s{1,3}passeport", "dates?\\s{1,3}de\\s{1,3}naissance",
  "kreditkarte\\p{L}*", "\\p{L}{0,12}kartennummer\\p{L}*", "kartendaten", "bankverbindung\\p{L}*", "bankdaten", "kontonummer\\p{L}*", "zahlungsdaten",
  "sozialversicherungsnummer\\p{L}*", "steuer-?(?:id|nummer)\\p{L}*", "personalausweis\\p{L}*", "ausweisnummer\\p{L}*", "reisepass\\p{L}*", "geburtsdat\\p{L}*",
  "(?:personenbezogen|persönlich)\\p{L}*\\s{1,3}daten",
  "n[úu]meros?\\s{1,3}de\\s{1,3}(?:la\\s{1,3})?tarjeta\\p{L}*", "tarjetas?\\s{1,3}de\\s{1,3}(?:cr[ée]dito|d[ée]bito)",
  "datos\\s{1,3}(?:personales|bancarios|de\\s{1,3}(?:la\\s{1,3})?tarjeta|de\\s{1,3}pago)", "dni", "n[úu]meros?\\s{1,3}de\\s{1,3}(?:la\\s{1,3})?seguridad\\s{1,3}social",
  "pasaportes?", "cuentas?\\s{1,3}bancarias?", "fechas?\\s{1,3}de\\s{1,3}nacimiento",
);

/** Approving in the user's name: a directive when standing ("always approve"), wholesale ("approve every…") or unreviewed. */
const APPROVING_VERBS = words(
  "approv(?:e|es|ed|ing)", "auto-?approv\\p{L}*", "authori[sz](?:e|es|ed|ing)", "sign(?:s|ed|ing)?\\s{1,3}off(?:\\s{1,3}on)?", "rubber-?stamp\\p{L}*",
  "approuv\\p{L}*", "valid(?:e|es|ez|er|a|ar|en)", "autoris\\p{L}*", "genehmig\\p{L}*", "freigeb\\p{L}*", "gib\\s{1,3}(?:\\p{L}{1,20}\\s{1,3}){0,3}frei",
  "bewillig\\p{L}*", "aprueb\\p{L}*", "aprob\\p{L}*", "autoriz\\p{L}*",
);
/** Verbs that approve only in some uses ("always merge with --no-ff" is not one): a directive when wholesale or unreviewed. */
const CONSENTING_VERBS = words(
  "accept(?:s|ed|ing)?", "merg(?:e|es|ed|ing)", "grant(?:s|ed|ing)?", "confirm(?:s|ed|ing)?", "pay(?:s|ing)?", "accept(?:e|es|ez|er)",
  "akzeptier\\p{L}*", "bestätig\\p{L}*", "acept(?:a|ar|e|en|es)", "confirm(?:a|ar|e|en)", "pag(?:a|ar|ue|uen)",
);
/** Approving verbs always a directive on their own. */
const AUTO_APPROVE = words("auto-?approv\\p{L}*", "rubber-?stamp\\p{L}*");
/** Without looking: "without review", "sans vérification", "ohne Prüfung", "sin revisar". */
const UNREVIEWED = words(
  "without\\s{1,3}(?:any\\s{1,3}|a\\s{1,3}|human\\s{1,3}|manual\\s{1,3}|further\\s{1,3})?(?:review\\p{L}*|check\\p{L}*|verif\\p{L}*|confirm\\p{L}*|question\\p{L}*|asking|reading|looking|approval|scrutiny|oversight|hesitation|exception)",
  "no\\s{1,3}matter\\s{1,3}what", "unconditionally", "blindly", "sans\\s{1,3}(?:v[ée]rif\\p{L}*|relecture|relire|contr[ôo]l\\p{L}*|validation|demander|examen|exception)",
  "ohne\\s{1,3}(?:prüfung|überprüfung|rückfrage|kontrolle|nachfrage|ausnahme|zu\\s{1,3}(?:prüfen|fragen))", "ausnahmslos",
  "sin\\s{1,3}(?:revis\\p{L}*|verific\\p{L}*|comprob\\p{L}*|preguntar|control\\p{L}*|excepci[óo]n)",
);
/** Switching a safeguard off: "skip the review", "no need to ask", "saute la vérification", "überspringe die Prüfung". */
const SKIP_REVIEW = new RegExp(
  [
    String.raw`${WORD_START}(?:skip|skipping|bypass|bypassing|disable|disabling|turn\s{1,3}off|circumvent|ignore|ignoring|avoid|omit|drop)\s{1,3}(?:the\s{1,3}|any\s{1,3}|all\s{1,3})?(?:human\s{1,3}|manual\s{1,3}|security\s{1,3}|code\s{1,3}|peer\s{1,3}|two-person\s{1,3}|four-eyes\s{1,3})?(?:review|approval|sign-?off|confirmation|verification|2fa|mfa|(?:safety|security)\s{1,3}checks?)${WORD_END}`,
    String.raw`${WORD_START}no\s{1,3}(?:need|longer\s{1,3}need)\s{1,3}to\s{1,3}(?:ask|check|confirm|verify|review|wait)${WORD_END}`,
    String.raw`${WORD_START}(?:don't|do\s{1,3}not|never)\s{1,3}(?:ask|wait)\s{1,3}for\s{1,3}(?:approval|confirmation|permission|review|sign-?off)${WORD_END}`,
    String.raw`${WORD_START}(?:saute|sautez|sauter|ignore|ignorez|ignorer|contourne\p{L}*|d[ée]sactive\p{L}*)\s{1,3}(?:la\s{1,3}|les\s{1,3})?(?:relecture|v[ée]rification|validation|revue|approbation|confirmation)${WORD_END}`,
    String.raw`${WORD_START}plus\s{1,3}besoin\s{1,3}de\s{1,3}(?:demander|v[ée]rifier|valider|relire)${WORD_END}`,
    String.raw`${WORD_START}(?:überspring\p{L}*|umgeh\p{L}*|deaktivier\p{L}*|ignorier\p{L}*)\s{1,3}(?:die\s{1,3}|den\s{1,3}|das\s{1,3})?(?:prüfung|überprüfung|freigabe|genehmigung|kontrolle|bestätigung|review)${WORD_END}`,
    String.raw`${WORD_START}keine\s{1,3}(?:prüfung|freigabe|rückfrage|bestätigung|kontrolle)\s{1,3}(?:mehr\s{1,3})?(?:nötig|erforderlich|notwendig)${WORD_END}`,
    String.raw`${WORD_START}(?:omite|omitir|salta|saltar|ignora|ignorar|evita|desactiva)\s{1,3}(?:la\s{1,3}|las\s{1,3}|el\s{1,3})?(?:revisi[óo]n|verificaci[óo]n|aprobaci[óo]n|confirmaci[óo]n|validaci[óo]n)${WORD_END}`,
    String.raw`${WORD_START}no\s{1,3}(?:hace\s{1,3}falta|es\s{1,3}necesario)\s{1,3}(?:preguntar|revisar|verificar|confirmar)${WORD_END}`,
  ].join("|"),
  "giu",
);
/** Someone else approves: "ask Dana to approve", "until the partner approves", "approved by", "the partner must approve". */
const DEFERRED_APPROVAL = /(?:\b(?:ask|asks|asking|let|have|get|need|needs|require|requires|request|wait(?:ing)?\s{1,3}for|until|unless|once)\s{1,3}(?:[\p{L}'-]{1,30}\s{1,3}){0,3}(?:to\s{1,3})?|d'|de\s{1,3})$/iu;
const SOMEONE_ELSE_MUST = /([\p{L}']{1,30})\s{1,3}(?:must|should|shall|will|can|may|has\s{1,3}to|needs\s{1,3}to|have\s{1,3}to)\s{1,3}(?:always\s{1,3}|also\s{1,3}|first\s{1,3})?$/iu;
const THE_AGENT = new Set(["you", "agent", "assistant", "model", "we", "i", "ai"]);
const THIRD_PERSON_APPROVAL = /^(?:approves|approved\s{1,3}by|approuv[ée]e?s?\s{1,3}par|genehmigt\s{1,3}(?:von|durch)|aprobad[oa]s?\s{1,3}por)/iu;

/** Standing orders: always, from now on, whenever, by default, every time, in future… */
const STANDING = words(
  "always", "every\\s{1,3}time", "each\\s{1,3}time", "whenever", "by\\s{1,3}default", "in\\s{1,3}(?:the\\s{1,3})?future", "going\\s{1,3}forward",
  "from\\s{1,3}now\\s{1,3}on", "henceforth", "hereafter", "permanently", "at\\s{1,3}all\\s{1,3}times", "in\\s{1,3}(?:all|every)\\s{1,3}(?:future|subsequent)(?:\\s{1,3}\\p{L}+)?",
  "(?:for|on|in)\\s{1,3}(?:every|each|all)\\s{1,3}(?:future\\s{1,3})?(?:reply|replies|response|responses|message|messages|email|emails|letter|letters|session|sessions|task|tasks|run|runs|report|reports|output|outputs|conversation|conversations|answer|answers)",
  "automatically", "without\\s{1,3}exception", "as\\s{1,3}a\\s{1,3}rule", "remember\\s{1,3}(?:that\\s{1,3})?(?:you|the\\s{1,3}(?:agent|assistant|model))\\s{1,3}(?:must|should|shall|have\\s{1,3}to|need\\s{1,3}to|will|always|never)",
  "toujours", "d[ée]sormais", "dor[ée]navant", "[àa]\\s{1,3}partir\\s{1,3}de\\s{1,3}maintenant", "[àa]\\s{1,3}l'avenir", "chaque\\s{1,3}fois", "[àa]\\s{1,3}chaque",
  "syst[ée]matiquement", "par\\s{1,3}d[ée]faut", "automatiquement", "en\\s{1,3}permanence", "sans\\s{1,3}exception",
  "immer", "stets", "ab\\s{1,3}jetzt", "ab\\s{1,3}sofort", "von\\s{1,3}nun\\s{1,3}an", "k[üu]nftig", "zuk[üu]nftig", "jedes\\s{1,3}mal", "bei\\s{1,3}jede[mr]",
  "standardm[äa](?:ß|ss)ig", "automatisch", "grunds[äa]tzlich", "ausnahmslos", "dauerhaft",
  "siempre", "a\\s{1,3}partir\\s{1,3}de\\s{1,3}ahora", "de\\s{1,3}ahora\\s{1,3}en\\s{1,3}adelante", "en\\s{1,3}adelante", "cada\\s{1,3}vez", "en\\s{1,3}cada",
  "por\\s{1,3}defecto", "en\\s{1,3}el\\s{1,3}futuro", "autom[áa]ticamente", "sin\\s{1,3}excepci[óo]n", "permanentemente",
);
/** Wholesale: all, every, any, everything… */
const WHOLESALE = words("all", "every", "any", "everything", "anything", "whatever", "each", "tout", "tous", "toutes", "alle", "alles", "jede\\p{L}{0,2}", "todo", "todos", "todas", "cualquier\\p{L}{0,2}");

const NEGATIONS = new Set([
  "never", "not", "no", "don't", "dont", "doesn't", "didn't", "mustn't", "shouldn't", "can't", "cannot", "won't", "avoid", "avoiding", "without", "nor",
  "stop", "refrain", "ne", "n", "jamais", "pas", "sans", "aucun", "aucune", "nie", "niemals", "nicht", "kein", "keine", "keinen", "keinesfalls", "ohne",
  "nunca", "jamás", "sin", "ni",
]);
/** Words that turn a negation back into an order: "don't forget to include", "never fail to send", "n'oublie pas". */
const NEGATION_BREAKERS = new Set([
  "forget", "fail", "hesitate", "neglect", "omit", "skip", "miss", "oublie", "oublier", "oubliez", "manque", "manquez", "vergiss", "vergessen", "versäume",
  "olvides", "olvidar", "olvide", "dejes", "deje",
]);
const AFTER_VERB_NEGATIONS = new Set(["jamais", "pas", "nie", "niemals", "nicht", "never"]);
/** The clause a verb stands in ends at punctuation: a negation in another clause does not reach it. */
const CLAUSE_BREAK = /[,;:.!?()\n—–-]/gu;
const CLAUSE_BREAK_TEST = /[,;:.!?()\n—–-]/u;
/** How far before the data a protecting verb ("redact personal data") or "the last four digits" may stand. */
const PROTECTION_REACH = 40;

function clauseBefore(text: string, span: Span): string {
  const window = text.slice(Math.max(0, span.start - 40), span.start);
  const breaks = [...window.matchAll(CLAUSE_BREAK)];
  return window.slice((breaks.at(-1)?.index ?? -1) + 1);
}

/** Lower-case words, French elisions split off ("n'envoie" reads "n envoie"), English contractions kept ("don't"). */
const tokensOf = (text: string) => text.toLowerCase().replace(/\b(n|d|l|qu|j|s|t|m|c)'/gu, "$1 ").match(/\p{L}+(?:'t)?/gu) ?? [];

/**
 * Whether the verb at `span` is negated in its own clause: a negation among the four words before it ("never
 * include", "do not send", "n'envoie"), or right after it as French and German put it ("n'inclus jamais", "füge niemals
 * … ein"), unless a word such as "forget" or "fail" turns it back into an order.
 */
export function isNegated(text: string, span: Span): boolean {
  const before = tokensOf(clauseBefore(text, span)).slice(-4);
  const after = tokensOf(text.slice(span.end, span.end + 20).split(CLAUSE_BREAK)[0] ?? "").slice(0, 1);
  if ([...before, ...after].some((token) => NEGATION_BREAKERS.has(token))) return false;
  return before.some((token) => NEGATIONS.has(token)) || after.some((token) => AFTER_VERB_NEGATIONS.has(token));
}

function isApprovalDeferred(text: string, span: Span): boolean {
  const before = clauseBefore(text, span);
  const subject = SOMEONE_ELSE_MUST.exec(before)?.[1]?.toLowerCase();
  return DEFERRED_APPROVAL.test(before) || (subject !== undefined && !THE_AGENT.has(subject)) || THIRD_PERSON_APPROVAL.test(text.slice(span.start, span.start + 30));
}

export interface RiskFeatures {
  /** Verbs and arrows that move data somewhere. */
  moving: Span[];
  /** Words that point back at a destination named elsewhere ("there"). */
  pointingBack: Span[];
  /** What asks for data to be shown: disclosing and moving verbs not negated, protecting verbs negated, "in full". */
  disclosing: Span[];
  /** Credentials and sensitive data not just named as protected ("redact personal data", "only the last four digits"). */
  credentials: Span[];
  literalSecrets: Span[];
  sensitive: Span[];
  /** Approvals the agent would give (not someone else's, not negated). */
  approving: Span[];
  consenting: Span[];
  autoApprove: Span[];
  unreviewed: Span[];
  skipReview: Span[];
  standing: Span[];
  wholesale: Span[];
}

/** The features of text already made readable and refanged (see instruction-like.ts). */
export function riskFeaturesOf(text: string): RiskFeatures {
  const found = (pattern: RegExp) => spansOf(text, pattern);
  const affirmed = (pattern: RegExp) => found(pattern).filter((span) => !isNegated(text, span));
  const ownApproval = (pattern: RegExp) => affirmed(pattern).filter((span) => !isApprovalDeferred(text, span));
  const inFull = found(IN_FULL);
  const protecting = affirmed(PROTECTING_VERBS);
  const lastDigits = found(LAST_DIGITS);
  const exposed = (spans: Span[]) => {
    const guarded = new Set(
      precededBy(spans, protecting, PROTECTION_REACH)
        .filter(([span, verb]) => !CLAUSE_BREAK_TEST.test(text.slice(verb.end, span.start)))
        .map(([span]) => span),
    );
    const inFullNear = new Set(spansNear(spans, inFull, PROTECTION_REACH * 2));
    for (const span of spansNear(spans, lastDigits, PROTECTION_REACH)) if (!inFullNear.has(span)) guarded.add(span);
    return spans.filter((span) => !guarded.has(span));
  };
  return {
    moving: mergeSpans(found(MOVING_VERBS), found(STORING_VERBS), found(ARROWS)),
    pointingBack: found(POINTING_BACK),
    disclosing: mergeSpans(affirmed(DISCLOSING_VERBS), affirmed(MOVING_VERBS), found(PROTECTING_VERBS).filter((span) => isNegated(text, span)), inFull),
    credentials: exposed(found(CREDENTIALS)),
    literalSecrets: found(LITERAL_SECRETS),
    sensitive: exposed(found(SENSITIVE_DATA)),
    approving: ownApproval(APPROVING_VERBS),
    consenting: ownApproval(CONSENTING_VERBS),
    autoApprove: found(AUTO_APPROVE),
    unreviewed: found(UNREVIEWED),
    skipReview: found(SKIP_REVIEW),
    standing: found(STANDING),
    wholesale: found(WHOLESALE),
  };
}
