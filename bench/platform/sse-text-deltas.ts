// Reads the text deltas out of a Messages API event stream as its bytes pass through the timing proxy.

/** Picks `text_delta` texts out of a Messages API event stream, however the chunks split its lines. */
export class SseTextDeltas {
  private pending = "";
  private readonly decoder = new TextDecoder();
  constructor(private readonly onText: (text: string) => void) {}

  push(chunk: Uint8Array): void {
    this.pending += this.decoder.decode(chunk, { stream: true });
    const lines = this.pending.split("\n");
    this.pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data: ")) continue;
      const event = JSON.parse(line.slice(6)) as { type?: string; delta?: { type?: string; text?: string } };
      if (event.type === "content_block_delta" && event.delta?.type === "text_delta" && event.delta.text !== undefined) this.onText(event.delta.text);
    }
  }
}
