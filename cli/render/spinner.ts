// A one-line spinner with a status label, redrawn in place; only drawn on a terminal, silent otherwise.
import type { TextSink } from "../io";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const FRAME_MS = 80;
/** Erases the current line (carriage return, then ANSI "erase entire line"). */
export const CLEAR_LINE = "\r\x1b[2K";

export interface Spinner {
  /** Starts spinning (or changes the label while spinning). */
  start(label: string): void;
  /** Stops and erases the spinner line, so normal output continues where it stood. */
  stop(): void;
  readonly spinning: boolean;
}

export function createSpinner(sink: TextSink, enabled: boolean): Spinner {
  let timer: ReturnType<typeof setInterval> | undefined;
  let frame = 0;
  let label = "";
  const draw = () => sink.write(`${CLEAR_LINE}${FRAMES[frame++ % FRAMES.length]} ${label}`);
  return {
    start(next) {
      label = next;
      if (!enabled) return;
      draw();
      timer ??= setInterval(draw, FRAME_MS);
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      sink.write(CLEAR_LINE);
    },
    get spinning() {
      return timer !== undefined;
    },
  };
}
