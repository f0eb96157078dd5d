// Sends the client's HTTP requests: the key header, JSON bodies, query strings, and retries with backoff that
// honour retry-after (429, 5xx and connection errors are retried; 409 and other 4xx never are).
import { apiErrorOf, LucidConnectionError } from "./errors";

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Record<string, QueryValue>;

export interface TransportOptions {
  baseURL: string;
  apiKey: string;
  fetch: typeof fetch;
  maxRetries: number;
}

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is (bundles, archives, file contents). */
  body?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const MAX_RETRY_AFTER_MS = 60_000;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/** 408 and 429 (the server asks to come back), and every 5xx; never 409, which a retry cannot resolve. */
export const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/** How long to wait before retry number `attempt` (0-based): the server's retry-after if it gave one, else backoff with jitter. */
export function retryDelayMs(attempt: number, headers: Headers | null, random: () => number = Math.random): number {
  const afterMs = Number(headers?.get("retry-after-ms") ?? NaN);
  if (Number.isFinite(afterMs) && afterMs >= 0) return Math.min(afterMs, MAX_RETRY_AFTER_MS);
  const after = headers?.get("retry-after");
  if (after) {
    const seconds = Number(after);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - Date.now();
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
  }
  const backoff = Math.min(BASE_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
  return backoff * (0.75 + random() * 0.25);
}

/** `path` with its query string; arrays become repeated keys, as the API's list filters take them. */
export function urlOf(baseURL: string, path: string, query: Query = {}): string {
  const url = new URL(baseURL.replace(/\/+$/, "") + path);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
    else url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Waits `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class Transport {
  constructor(readonly options: TransportOptions) {}

  /** The response of a successful request (2xx), after retries; throws LucidApiError or LucidConnectionError. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = urlOf(this.options.baseURL, path, options.query);
    const headers: Record<string, string> = { "x-api-key": this.options.apiKey, accept: "application/json", ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.options.maxRetries;
      let response: Response;
      try {
        response = await this.options.fetch(url, { method, headers, body, signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (!canRetry)
          throw new LucidConnectionError(`${method} ${path} failed: could not reach ${this.options.baseURL} (${String(error)}).`, { cause: error });
        await sleep(retryDelayMs(attempt, null), options.signal);
        continue;
      }
      if (response.ok || response.status === 101) return response;
      if (!canRetry || !isRetryableStatus(response.status)) throw await apiErrorOf(response);
      await response.body?.cancel().catch(() => undefined);
      await sleep(retryDelayMs(attempt, response.headers), options.signal);
    }
  }

  async json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    return (await (await this.request(method, path, options)).json()) as T;
  }

  async text(method: string, path: string, options?: RequestOptions): Promise<string> {
    return (await this.request(method, path, options)).text();
  }
}
