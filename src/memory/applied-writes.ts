// The idempotency keys of writes from sessions and dreams: which memory an operation already wrote, in `applied_writes`.
export function findAppliedWrite(sql: SqlStorage, operationId: string): string | null {
  return sql.exec<{ memory_id: string }>("SELECT memory_id FROM applied_writes WHERE operation_id = ?", operationId).toArray()[0]?.memory_id ?? null;
}

/** Call it in the transaction of the write itself, so the key exists exactly when the write does. */
export function recordAppliedWrite(sql: SqlStorage, operationId: string, memoryId: string, at: string): void {
  sql.exec("INSERT INTO applied_writes (operation_id, memory_id, applied_at) VALUES (?, ?, ?)", operationId, memoryId, at);
}
