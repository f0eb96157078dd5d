// List-price estimates per model family (USD per million tokens), for the cost shown beside usage.
export interface CallUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

interface Price {
  input: number;
  output: number;
}

// Longest matching prefix wins. Cache reads cost 0.1x input and 5-minute cache writes 1.25x, as Anthropic bills them.
const PRICES: [prefix: string, price: Price][] = [
  ["claude-opus-4-1", { input: 15, output: 75 }],
  ["claude-opus-4-0", { input: 15, output: 75 }],
  ["claude-opus", { input: 5, output: 25 }],
  ["claude-sonnet", { input: 3, output: 15 }],
  ["claude-haiku-4", { input: 1, output: 5 }],
  ["claude-haiku", { input: 1, output: 5 }],
];

/** Estimated list cost in micro-dollars, or null for a model without a known price (the simulator's included). */
export function estimateCostMicros(model: string, usage: CallUsage): number | null {
  const match = PRICES.filter(([prefix]) => model.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  if (!match) return null;
  const { input, output } = match[1];
  const dollarsPerMillion =
    usage.input_tokens * input + usage.output_tokens * output + usage.cache_read_input_tokens * input * 0.1 + usage.cache_creation_input_tokens * input * 1.25;
  return Math.round(dollarsPerMillion);
}
