// Ids in the real API's prefixes, marked `sim` so simulated messages, tool calls and requests are never mistaken for real ones.
export const simId = (prefix: "msg" | "toolu" | "req") => `${prefix}_sim_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
