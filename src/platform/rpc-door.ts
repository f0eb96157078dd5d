// Durable Object calls that carry ApiErrors back as values: expected failures (not found, conflicts) are then neither
// logged by the runtime as uncaught exceptions nor flattened into plain Errors on their way to the API edge.
import type { ObjectSchema } from "../storage/object-schema";
import { ApiError, type ApiErrorType } from "./errors";

type RpcOutcome = { ok: true; value: unknown } | { ok: false; error: { type: ApiErrorType; detail: string; fields: Record<string, string> } };

/** What a guarded object exposes: one entry point that runs any of its methods. */
export interface GuardedObject {
  invoke(method: string, args: unknown[]): Promise<RpcOutcome>;
}

type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

/**
 * What an object answers while it has no storage, without creating any: per method where the answer is a value (an
 * empty list, nothing to do), and `otherwise` the not_found_error its own lookup would throw.
 */
export type AbsentAnswers<T> = {
  [K in MethodName<T>]?: T[K] extends (...args: infer A) => infer R ? (...args: A) => Awaited<R> : never;
} & { otherwise: () => ApiError };

/** An object whose storage is created by the calls that create its record (see storage/object-schema.ts). */
export interface LazyStorage<T> {
  schema: ObjectSchema;
  /** The methods that create the object's record: the only ones that may create its storage. */
  creators: readonly MethodName<T>[];
  absent: AbsentAnswers<T>;
}

/**
 * Runs `method` on the object, returning an ApiError it throws as a value; anything else stays an exception. On an
 * object with lazy storage that has none yet, only a creating method runs; any other gets the object's absent answer.
 */
export async function invokeGuarded<T extends object>(target: T, method: string, args: unknown[], storage?: LazyStorage<T>): Promise<RpcOutcome> {
  const fn = (target as Record<string, unknown>)[method];
  if (typeof fn !== "function" || method === "invoke") throw new Error(`'${method}' is not a method of this object`);
  try {
    if (storage && !storage.schema.exists) {
      if (!(storage.creators as readonly string[]).includes(method)) return { ok: true, value: await answerAbsent(storage.absent, method, args) };
      storage.schema.create();
    }
    return { ok: true, value: await (fn as (...a: unknown[]) => unknown).apply(target, args) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ok: false, error: { type: error.type, detail: error.detail, fields: error.fields } };
  }
}

function answerAbsent<T>(absent: AbsentAnswers<T>, method: string, args: unknown[]): unknown {
  if (!Object.hasOwn(absent, method)) throw absent.otherwise();
  return (absent as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
}

/**
 * An object's public methods as a guarded stub offers them. Workers' own stub typing rewrites every argument
 * recursively, which never ends on recursive JSON types (tool schemas), so callers see this plain view instead.
 */
export type RpcView<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** Wraps a stub so `stub.method(...args)` goes through `invoke` and a returned ApiError is thrown again here. */
export function guardedStub<T>(stub: GuardedObject & { fetch?: unknown }): RpcView<T> {
  return new Proxy({} as RpcView<T>, {
    get(_, property) {
      if (typeof property !== "string" || property === "then") return undefined;
      if (property === "fetch") return (stub.fetch as (...a: unknown[]) => unknown).bind(stub);
      return async (...args: unknown[]) => {
        const outcome = await stub.invoke(property, args);
        if (outcome.ok) return outcome.value;
        throw new ApiError(outcome.error.type, outcome.error.detail, outcome.error.fields);
      };
    },
  });
}
