// Turns a list call's query and a page cursor into the fetch of one page, so each resource's list is one line.
import type { Page } from "../pagination";
import { pagePromise, type PagePromise } from "../pagination";
import type { Query, Transport } from "../transport";

/** A PagePromise over `GET path`, starting at `query.page` (or the first page) and following `next_page`. */
export function listPages<T>(transport: Transport, path: string, query: Query & { page?: string } = {}): PagePromise<T> {
  const { page: start, ...rest } = query;
  return pagePromise((page) => transport.json<Page<T>>("GET", path, { query: { ...rest, page: page ?? start } }));
}
