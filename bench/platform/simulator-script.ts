// Queues exact replies on the Messages API simulator through its control API (`/_sim/scripts`, never part of the Messages API).
import type { z } from "zod";
import type { SimReply } from "../../src/sim/reply-schema";

export async function scriptSimulator(simulatorUrl: string, key: string, replies: z.input<typeof SimReply>[]): Promise<void> {
  const response = await fetch(`${simulatorUrl}/_sim/scripts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, replies }),
  });
  if (!response.ok) throw new Error(`scripting the simulator failed: ${response.status} ${await response.text()}`);
}
