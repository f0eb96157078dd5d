// How a request names the script queues and request logs it matches: the segments of its metadata.user_id.

/**
 * Lucid sends `user_id: "<agent_id>/<session_id>"` (the outcome grader `"<agent_id>/<session_id>.grader"`), so a test can
 * script by agent, by session, or a session's grader alone; no user_id matches nothing.
 */
export function scriptKeysOf(userId: string | null | undefined): string[] {
  return (userId ?? "").split("/").filter((segment) => segment.length > 0);
}
