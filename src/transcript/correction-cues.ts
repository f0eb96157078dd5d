// Which later user messages correct or redirect the agent, by a cue-word heuristic.

/**
 * A user message after the task counts as a correction when it holds one of these cues as whole words (any case,
 * straight or curly apostrophe), or comes right after an interrupt. The heuristic favours recall: a stray "no" costs
 * the model one look at a quoted message, while a missed correction loses a stated preference for good.
 */
const CUES: ReadonlyArray<readonly [string, RegExp]> = [
  ["no", /\bno\b/i],
  ["instead", /\binstead\b/i],
  ["don't", /\b(?:don['’]?t|do not)\b/i],
  ["wrong", /\bwrong\b/i],
  ["actually", /\bactually\b/i],
  ["prefer", /\bprefer(?:s|red|ence)?\b/i],
  ["always", /\balways\b/i],
  ["never", /\bnever\b/i],
  ["rather", /\brather\b/i],
  ["stop", /\bstop\b/i],
];

const AFTER_INTERRUPT_CUE = "after_interrupt";

/** The cues found in a message; `after_interrupt` first when the user had just interrupted the agent. */
export function correctionCues(text: string, afterInterrupt: boolean): string[] {
  const words = CUES.flatMap(([cue, pattern]) => (pattern.test(text) ? [cue] : []));
  return afterInterrupt ? [AFTER_INTERRUPT_CUE, ...words] : words;
}
