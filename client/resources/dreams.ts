// Lucid's view of dreams: the full dream (phase, progress, changeset, review, usage by phase), and approving or
// rejecting a changeset held for review.
import type { Dream, DreamApproval, DreamListQuery } from "../api-types";
import type { Transport } from "../transport";
import { listPages } from "./list-query";
import { segment } from "./path";

export function dreamsResource(transport: Transport) {
  return {
    /** GET /v1/dreams, newest first, filtered by `agent_id` (Lucid extension), `statuses`, `include_archived` and `created_at[…]` bounds. */
    list: (query: DreamListQuery = {}) => listPages<Dream>(transport, "/v1/dreams", query),
    retrieve: (dreamId: string) => transport.json<Dream>("GET", `/v1/dreams/${segment(dreamId)}`),
    /** Applies the held changeset: all operations, or only `operation_ids`, some with `edits`. */
    approve: (dreamId: string, approval: DreamApproval = {}) => transport.json<Dream>("POST", `/v1/dreams/${segment(dreamId)}/approve`, { json: approval }),
    /** Discards the held changeset; memory stays as it was. */
    reject: (dreamId: string) => transport.json<Dream>("POST", `/v1/dreams/${segment(dreamId)}/reject`),
  };
}
