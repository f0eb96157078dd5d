// Review mode: the operations a person approved from a dream's changeset, with the content they edited.
import { invalidRequest } from "../platform/errors";
import type { DreamChangeset, DreamOperation, OperationEdit } from "../schemas/dream";

/**
 * The approved operations in changeset order, edited contents in place. An edit replaces content only, so every
 * operation keeps the evidence it was proposed with. Refused operations cannot be approved. The result should pass
 * guardOperations again before applyChangeset: an edit can duplicate a memory, and an approved operation may need one left out.
 */
export function selectOperations(changeset: DreamChangeset, approvedIds: readonly string[], edits: readonly OperationEdit[] = []): DreamOperation[] {
  const proposed = new Map(changeset.operations.map((operation) => [operation.id, operation]));
  const approved = new Set(approvedIds);
  const unknown = [...approved].filter((id) => !proposed.has(id));
  if (unknown.length) throw invalidRequest(`approved operations ${unknown.join(", ")} are not in the changeset's operations`);
  const editsById = new Map<string, string>();
  for (const edit of edits) {
    const operation = proposed.get(edit.operation_id);
    if (!operation || !approved.has(edit.operation_id)) throw invalidRequest(`edit of ${edit.operation_id}: only an approved operation can be edited`);
    if (operation.content === undefined) throw invalidRequest(`edit of ${edit.operation_id}: a ${operation.op} has no content to edit`);
    if (editsById.has(edit.operation_id)) throw invalidRequest(`edit of ${edit.operation_id}: the operation is edited twice`);
    editsById.set(edit.operation_id, edit.content);
  }
  return changeset.operations
    .filter((operation) => approved.has(operation.id))
    .map((operation) => {
      const content = editsById.get(operation.id);
      return content === undefined ? operation : { ...operation, content };
    });
}
