// A dream's changeset for review: each operation with its reason, the sessions it rests on and a before/after diff
// of the memory; the reviewer picks operations, may edit their content, and approves or rejects.
import { useState } from "preact/hooks";
import type { DreamOperation } from "../../../src/schemas/dream";
import type { Dream } from "../../../src/schemas/dream-resource";
import { href } from "../routes";
import { SideBySideDiff } from "./side-by-side-diff";

export type ReviewDecision = { operationIds: string[]; edits: { operation_id: string; content: string }[] };

export function Changeset(props: {
  dream: Dream;
  /** The input store's memories by path: what each operation changes. */
  before: Map<string, string>;
  /** Present while the changeset waits for review; approving or rejecting calls these. */
  review?: { onApprove: (decision: ReviewDecision) => void; onReject: () => void; busy: boolean };
}) {
  const operations = props.dream.changeset?.operations ?? [];
  // Operations the reviewer left out; every operation is in until unticked (the changeset may arrive after the first render).
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const selected = new Set(operations.filter((operation) => !excluded.has(operation.id)).map((operation) => operation.id));
  const [edited, setEdited] = useState<Record<string, string>>({});
  const applied = props.dream.review.approved_operation_ids;
  const reviewerEdits = new Map(props.dream.review.edits.map((edit) => [edit.operation_id, edit.content]));

  if (!props.dream.changeset) return <p class="hint">No changeset yet.</p>;
  if (!operations.length) return <p>The dream proposed no changes.</p>;

  const toggle = (operationId: string, checked: boolean) => {
    const next = new Set(excluded);
    if (checked) next.delete(operationId);
    else next.add(operationId);
    setExcluded(next);
  };
  const approve = () => {
    const operationIds = operations.filter((operation) => selected.has(operation.id)).map((operation) => operation.id);
    const edits = operationIds.flatMap((id) => {
      const operation = operations.find((candidate) => candidate.id === id)!;
      const content = edited[id];
      return content !== undefined && content !== operation.content ? [{ operation_id: id, content }] : [];
    });
    props.review?.onApprove({ operationIds, edits });
  };

  return (
    <div>
      {props.dream.changeset.review_reasons.length ? (
        <div class="panel" role="note">
          <strong>Held for review because:</strong>
          <ul>
            {props.dream.changeset.review_reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {operations.map((operation) => (
        <OperationReview
          key={operation.id}
          operation={operation}
          before={props.before}
          reviewing={!!props.review}
          selected={selected.has(operation.id)}
          applied={applied ? applied.includes(operation.id) : null}
          editedByReviewer={reviewerEdits.has(operation.id)}
          content={edited[operation.id] ?? reviewerEdits.get(operation.id) ?? operation.content ?? ""}
          onSelect={(checked) => toggle(operation.id, checked)}
          onEdit={(content) => setEdited({ ...edited, [operation.id]: content })}
        />
      ))}
      {props.dream.changeset.refused.length ? (
        <details>
          <summary>{props.dream.changeset.refused.length} operations refused by the guards</summary>
          <ul>
            {props.dream.changeset.refused.map((refused) => (
              <li key={refused.operation.id}>
                <code>
                  {refused.operation.op} {refused.operation.path}
                </code>
                : {refused.why}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {props.review ? (
        <div class="actions">
          <button type="button" onClick={approve} disabled={props.review.busy || selected.size === 0}>
            {selected.size === operations.length ? "Approve all" : `Approve ${selected.size} of ${operations.length} selected`}
          </button>
          <button type="button" class="danger" onClick={props.review.onReject} disabled={props.review.busy}>
            Reject
          </button>
        </div>
      ) : null}
    </div>
  );
}

function OperationReview(props: {
  operation: DreamOperation;
  before: Map<string, string>;
  reviewing: boolean;
  selected: boolean;
  /** Whether the approval included it; null before any decision. */
  applied: boolean | null;
  /** The reviewer replaced the proposed content: `content` is what was applied. */
  editedByReviewer: boolean;
  content: string;
  onSelect: (checked: boolean) => void;
  onEdit: (content: string) => void;
}) {
  const { operation } = props;
  const paths = [operation.path, ...(operation.target_paths ?? [])];
  const beforeText = paths
    .flatMap((path) => (props.before.has(path) ? [paths.length > 1 ? `# ${path}\n${props.before.get(path)}` : props.before.get(path)!] : []))
    .join("\n\n");
  const afterText = operation.op === "delete" ? "" : props.content;
  const headingId = `operation-${operation.id}`;
  return (
    <article class="operation" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {props.reviewing ? (
          <label class="inline">
            <input type="checkbox" checked={props.selected} onChange={(event) => props.onSelect(event.currentTarget.checked)} />
            <span>
              Apply <code>{operation.id}</code>: {operation.op} <code>{operation.path}</code>
            </span>
          </label>
        ) : (
          <span>
            <code>{operation.id}</code>: {operation.op} <code>{operation.path}</code>
            {props.applied === null ? "" : props.applied ? (props.editedByReviewer ? " — applied as edited by the reviewer" : " — applied") : " — not applied"}
          </span>
        )}
      </h3>
      <p>
        <strong>Why:</strong> {operation.reason}
      </p>
      {operation.target_paths?.length ? (
        <p>
          <strong>{operation.op === "merge" ? "Merges" : "Replaces"}:</strong> {operation.target_paths.join(", ")}
        </p>
      ) : null}
      {operation.contradicts ? (
        <p class="error">
          Contradicts <code>{operation.contradicts}</code>
        </p>
      ) : null}
      {operation.quarantine ? (
        <p class="error" role="note">
          Quarantined: {operation.quarantine.reason}
        </p>
      ) : null}
      <p>
        <strong>Evidence:</strong>{" "}
        {operation.evidence.length
          ? operation.evidence.map((evidence, index) => (
              <span key={evidence.session_id}>
                {index > 0 ? ", " : ""}
                <a href={href(`/sessions/${evidence.session_id}`)}>{evidence.session_id}</a> ({evidence.event_ids.length} event
                {evidence.event_ids.length === 1 ? "" : "s"})
              </span>
            ))
          : "none"}
      </p>
      <SideBySideDiff before={beforeText} after={afterText} beforeLabel="Memory before" afterLabel={operation.op === "delete" ? "Deleted" : "After"} />
      {props.reviewing && operation.op !== "delete" ? (
        <details>
          <summary>Edit the content before approving</summary>
          <label for={`edit-${operation.id}`}>New content of {operation.path}</label>
          <textarea id={`edit-${operation.id}`} class="code" value={props.content} onInput={(event) => props.onEdit(event.currentTarget.value)} />
        </details>
      ) : null}
    </article>
  );
}
