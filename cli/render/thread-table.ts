// The threads of a multiagent session as a table: redrawn in place on a terminal, appended as changed lines otherwise.
import type { SessionThread } from "../../src/schemas/multiagent";
import type { Output } from "../output";
import { oneLine, table } from "../output";

export interface ThreadRow {
  thread: SessionThread;
  /** The thread's final reply, once the coordinator received it. */
  reply: string | undefined;
}

export interface ThreadTable {
  update(rows: ThreadRow[], coordinatorStatus: string): void;
}

const rowCells = ({ thread, reply }: ThreadRow) => [thread.id, thread.agent.name, thread.lucid_state, oneLine(reply ?? "", 50)];

export function createThreadTable(out: Output, tty: boolean): ThreadTable {
  let drawnLines = 0;
  const shown = new Map<string, string>();
  return {
    update(rows, coordinatorStatus) {
      if (tty) {
        const text = `coordinator ${coordinatorStatus} · ${rows.length} thread${rows.length === 1 ? "" : "s"}\n${table(["THREAD", "AGENT", "STATUS", "REPLY"], rows.map(rowCells))}`;
        // Move up over the last drawing and clear below it, then draw again.
        if (drawnLines) out.control(`\x1b[${drawnLines}A\x1b[0J`);
        out.line(text);
        drawnLines = text.split("\n").length;
        return;
      }
      for (const row of rows) {
        const line = rowCells(row).join("  ").trimEnd();
        if (shown.get(row.thread.id) === line) continue;
        shown.set(row.thread.id, line);
        out.line(line);
      }
    },
  };
}
