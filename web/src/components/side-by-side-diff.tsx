// Two text versions side by side, line by line: removed lines on the left, added lines on the right, pairs aligned.
import { useMemo } from "preact/hooks";
import { diffLines, toSideBySideRows, type DiffCell, type SideBySideRow } from "../../../client/line-diff";

// Colour (the stylesheet's --insert and --delete) is paired with a +/− sign and hidden words, so it is never the only cue.
const removedStyle = { background: "var(--delete)" };
const addedStyle = { background: "var(--insert)" };
const numberStyle = { color: "var(--muted)", textAlign: "right", userSelect: "none", paddingRight: "0.5em" } as const;
const textStyle = { whiteSpace: "pre-wrap", fontFamily: "ui-monospace, monospace", verticalAlign: "top" } as const;

export function SideBySideDiff(props: { before: string; after: string; beforeLabel?: string; afterLabel?: string }) {
  const rows = useMemo(() => toSideBySideRows(diffLines(props.before, props.after)), [props.before, props.after]);
  const beforeLabel = props.beforeLabel ?? "Before";
  const afterLabel = props.afterLabel ?? "After";
  const changed = rows.filter((row) => row.kind === "change").length;
  return (
    <table class="side-by-side-diff" style={{ width: "100%", borderCollapse: "collapse", tableLayout: "fixed" }}>
      <caption class="visually-hidden">{`${beforeLabel} compared with ${afterLabel}: ${changed === 0 ? "no changes" : `${changed} changed lines`}`}</caption>
      <colgroup>
        <col style={{ width: "3em" }} />
        <col />
        <col style={{ width: "3em" }} />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" colSpan={2}>
            {beforeLabel}
          </th>
          <th scope="col" colSpan={2}>
            {afterLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4}>Both versions are empty.</td>
          </tr>
        ) : (
          rows.map((row, index) => <DiffRow key={index} row={row} />)
        )}
      </tbody>
    </table>
  );
}

function DiffRow({ row }: { row: SideBySideRow }) {
  return (
    <tr class={`diff-row diff-${row.kind}`}>
      <DiffSide cell={row.before} changed={row.kind === "change"} side="removed" />
      <DiffSide cell={row.after} changed={row.kind === "change"} side="added" />
    </tr>
  );
}

function DiffSide({ cell, changed, side }: { cell: DiffCell | null; changed: boolean; side: "removed" | "added" }) {
  if (cell === null) {
    return (
      <>
        <td style={numberStyle} />
        <td style={textStyle} />
      </>
    );
  }
  const style = changed ? { ...textStyle, ...(side === "removed" ? removedStyle : addedStyle) } : textStyle;
  return (
    <>
      <td style={numberStyle}>{cell.number}</td>
      <td style={style} class={changed ? `diff-${side}` : undefined}>
        {changed && (
          <>
            <span aria-hidden="true">{side === "removed" ? "− " : "+ "}</span>
            <span class="visually-hidden">{side === "removed" ? "removed: " : "added: "}</span>
          </>
        )}
        {cell.text}
      </td>
    </>
  );
}
