// Reaches a dream's object by the dream's id, for the API and for agents starting their dreams.
import { notFound } from "../api/api-error";
import { type GuardedObject, guardedStub, type RpcView } from "../api/guarded-rpc";
import type { Env } from "../env";
import { isDreamId } from "../ids";
import type { DreamObject } from "./dream-object";

export type DreamStub = RpcView<DreamObject> & { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };

/** The dream's object; a malformed id is simply not found, never an object created by accident. */
export function dreamOf(env: Env, dreamId: string): DreamStub {
  if (!isDreamId(dreamId)) throw notFound("Dream", dreamId);
  return guardedStub<DreamObject>(env.DREAM.getByName(dreamId) as unknown as GuardedObject) as DreamStub;
}
