// Live streams opened with a tenant key, by the object that holds them: revoking the key closes every one of them.
import { ApiError } from "../platform/errors";
import { agentOf, dreamOf } from "../platform/stubs";
import type { Env } from "../env";

/** An object that serves session streams: an agent (sessions and threads) or a dream (its progress session). */
export type StreamHolder = { kind: "agent" | "dream"; id: string };

type KeyStream = StreamHolder & { key_id: string };

/** Records that key `keyId` has a stream at `holder`, unless the key is no longer held here (it was revoked). */
export function recordKeyStream(sql: SqlStorage, keyId: string, holder: StreamHolder): boolean {
  if (!sql.exec("SELECT 1 FROM api_keys WHERE id = ?", keyId).toArray().length) return false;
  sql.exec("INSERT OR IGNORE INTO key_streams (key_id, holder_kind, holder_id) VALUES (?, ?, ?)", keyId, holder.kind, holder.id);
  return true;
}

/** Streams of keys that no longer exist here, still to be closed (of one key, or of every revoked one). */
export function streamsOfRevokedKeys(sql: SqlStorage, keyId?: string): KeyStream[] {
  return sql
    .exec<KeyStream>(
      `SELECT key_id, holder_kind AS kind, holder_id AS id FROM key_streams
       WHERE (? IS NULL OR key_id = ?) AND key_id NOT IN (SELECT id FROM api_keys)`,
      keyId ?? null,
      keyId ?? null,
    )
    .toArray();
}

export function forgetKeyStream(sql: SqlStorage, stream: KeyStream): void {
  sql.exec("DELETE FROM key_streams WHERE key_id = ? AND holder_kind = ? AND holder_id = ?", stream.key_id, stream.kind, stream.id);
}

/**
 * Asks the holder to close the key's streams; true once it answered (an object that refuses, e.g. deleted since, has
 * none left open), false when it could not be reached, so the caller tries again.
 */
export async function closeKeyStreams(env: Env, stream: KeyStream): Promise<boolean> {
  try {
    const holder = stream.kind === "agent" ? agentOf(env, stream.id) : dreamOf(env, stream.id);
    await holder.closeStreamsOfKey(stream.key_id);
    return true;
  } catch (error) {
    return error instanceof ApiError;
  }
}
