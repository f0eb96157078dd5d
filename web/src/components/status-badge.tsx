// A status word in a coloured pill; the word itself carries the meaning, the colour only repeats it.
export function StatusBadge(props: { status: string; label?: string }) {
  return <span class={`status status-${props.status}`}>{props.label ?? props.status.replaceAll("_", " ")}</span>;
}
