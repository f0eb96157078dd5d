// Durable Object calls that carry ApiErrors back as values: expected failures (not found, conflicts) are then neither
// logged by the runtime as uncaught exceptions nor flattened into plain Errors on their way to the API edge.
import type { ObjectSchema } from "../storage/object-schema";
import { ApiError, type ApiErrorType, type ErrorFieldValue } from "./errors";

type RpcOutcome = { ok: true; value: unknown } | { ok: false; error: { type: ApiErrorType; detail: string; fields: Record<string, ErrorFieldValue> } };

/** What a guarded object exposes: one entry point that runs any of its declared methods. */
export interface GuardedObject {
  invoke(method: string, args: unknown[]): Promise<RpcOutcome>;
}

type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

/**
 * The methods of an object its callers may invoke, declared once beside its class (`as const satisfies RpcSurface<…>`):
 * the door runs no other name, and its stub type offers no other. Internal helpers and host interfaces stay private.
 */
export type RpcSurface<T> = readonly MethodName<T>[];

/**
 * What an object answers while it has no storage, without creating any: per method where the answer is a value (an
 * empty list, nothing to do; or a promise of one, when the answer waits, as a long poll for work does), and
 * `otherwise` the not_found_error its own lookup would throw.
 */
export type AbsentAnswers<T> = {
  [K in MethodName<T>]?: T[K] extends (...args: infer A) => infer R ? (...args: A) => Awaited<R> | Promise<Awaited<R>> : never;
} & { otherwise: () => ApiError };

/** An object whose storage is created by the calls that create its record (see storage/object-schema.ts). */
export interface LazyStorage<T> {
  schema: ObjectSchema;
  /** The methods that create the object's record, each one of its declared surface: the only ones that may create its storage. */
  creators: readonly MethodName<T>[];
  absent: AbsentAnswers<T>;
}

/**
 * Runs `method` on the object if its surface declares it, returning an ApiError it throws as a value; anything else
 * stays an exception. An undeclared name is a caller's bug, not a client's: a plain Error, never an ApiError. On an
 * object with lazy storage that has none yet, only a creating method runs; any other gets the object's absent answer.
 * `owner` names the object in that error, when `target` is not the object itself but the record of its RPC methods.
 */
export async function invokeGuarded<T extends object>(
  target: T,
  method: string,
  args: unknown[],
  surface: readonly string[],
  storage?: LazyStorage<T>,
  owner = target.constructor.name,
): Promise<RpcOutcome> {
  if (!surface.includes(method)) throw new Error(`'${method}' is not in the RPC surface of ${owner}`);
  const fn = (target as Record<string, unknown>)[method] as (...a: unknown[]) => unknown;
  try {
    if (storage && !storage.schema.exists) {
      if (!(storage.creators as readonly string[]).includes(method)) return { ok: true, value: await answerAbsent(storage.absent, method, args) };
      storage.schema.create();
    }
    return { ok: true, value: await fn.apply(target, args) };
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
 * An object's declared methods (`M`, its RPC surface) as a guarded stub offers them: calling any other is a compile
 * error at the caller. Workers' own stub typing rewrites every argument recursively, which never ends on recursive
 * JSON types (tool schemas), so callers see this plain view instead.
 */
export type RpcView<T, M extends MethodName<T>> = {
  [K in M]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** Wraps a stub so `stub.method(...args)` goes through `invoke` and a returned ApiError is thrown again here. */
export function guardedStub<View extends object>(stub: GuardedObject & { fetch?: unknown }): View {
  return new Proxy({} as View, {
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
