// SimScriptObject: the simulator's one store of scripted replies, the request log and seen cache prefixes, shared by every request.
import { DurableObject } from "cloudflare:workers";
import { applyMigrations } from "../storage/migrate";
import type { SimEnv } from "./env";
import { SimReply } from "./reply-schema";
import { SIM_SCRIPT_MIGRATIONS } from "./schema";

/** Enough history for a test or a benchmark run to inspect, without growing without bound. */
const REQUESTS_KEPT_PER_KEY = 500;

export interface LoggedRequest {
  received_at: string;
  body: unknown;
}

export interface ReceivedRequest {
  /** The keys the request matches, in order (see script-key.ts). */
  keys: string[];
  /** The request body as received, for the log. */
  body: string;
  /** Cache prefixes are remembered per metadata.user_id (empty when there is none). */
  cacheScope: string;
  cachePrefixHash: string | null;
}

export class SimScriptObject extends DurableObject<SimEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: SimEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    applyMigrations(this.sql, SIM_SCRIPT_MIGRATIONS);
  }

  enqueueReplies(key: string, replies: SimReply[]): SimReply[] {
    for (const reply of replies) this.sql.exec("INSERT INTO replies (key, reply) VALUES (?, ?)", key, JSON.stringify(reply));
    return this.listReplies(key);
  }

  listReplies(key: string): SimReply[] {
    return this.sql
      .exec<{ reply: string }>("SELECT reply FROM replies WHERE key = ? ORDER BY seq", key)
      .toArray()
      .map((row) => SimReply.parse(JSON.parse(row.reply)));
  }

  clearReplies(key: string): void {
    this.sql.exec("DELETE FROM replies WHERE key = ?", key);
  }

  /**
   * Logs the request under each key it matches, pops the first reply queued under those keys (in their order), and says
   * whether its cache prefix was seen before. Only a message (scripted or default) writes the cache, as a failed call does not.
   */
  takeReply(request: ReceivedRequest): { reply: SimReply | null; cachePrefixSeen: boolean } {
    const receivedAt = new Date().toISOString();
    for (const key of request.keys) this.logRequest(key, receivedAt, request.body);
    const reply = this.popReply(request.keys);
    const writesCache = reply === null || reply.type === "message";
    const cachePrefixSeen = request.cachePrefixHash !== null && this.notePrefix(request.cacheScope, request.cachePrefixHash, writesCache);
    return { reply, cachePrefixSeen };
  }

  listRequests(key: string): LoggedRequest[] {
    return this.sql
      .exec<{ received_at: string; body: string }>("SELECT received_at, body FROM requests WHERE key = ? ORDER BY seq", key)
      .toArray()
      .map((row) => ({ received_at: row.received_at, body: JSON.parse(row.body) }));
  }

  private logRequest(key: string, receivedAt: string, body: string): void {
    this.sql.exec("INSERT INTO requests (key, received_at, body) VALUES (?, ?, ?)", key, receivedAt, body);
    this.sql.exec(
      "DELETE FROM requests WHERE key = ? AND seq <= (SELECT seq FROM requests WHERE key = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
      key,
      key,
      REQUESTS_KEPT_PER_KEY,
    );
  }

  private popReply(keys: string[]): SimReply | null {
    for (const key of keys) {
      const row = this.sql.exec<{ seq: number; reply: string }>("SELECT seq, reply FROM replies WHERE key = ? ORDER BY seq LIMIT 1", key).toArray()[0];
      if (!row) continue;
      this.sql.exec("DELETE FROM replies WHERE seq = ?", row.seq);
      return SimReply.parse(JSON.parse(row.reply));
    }
    return null;
  }

  private notePrefix(scope: string, hash: string, record: boolean): boolean {
    const seen = this.sql.exec("SELECT 1 FROM cache_prefixes WHERE scope = ? AND hash = ?", scope, hash).toArray().length > 0;
    if (!seen && record) this.sql.exec("INSERT INTO cache_prefixes (scope, hash) VALUES (?, ?)", scope, hash);
    return seen;
  }
}

/** The one instance: every request and every control call sees the same queues and log. */
export const simScripts = (env: SimEnv) => env.SIM_SCRIPTS.getByName("scripts");
