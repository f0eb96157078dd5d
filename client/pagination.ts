// Cursor pages: `await` gives the first page, `for await` walks every item of every page (following `next_page`).

export interface Page<T> {
  data: T[];
  next_page: string | null;
}

export type PagePromise<T> = Promise<Page<T>> & AsyncIterable<T>;

/** `fetchPage(undefined)` reads the first page, `fetchPage(cursor)` the page a `next_page` cursor names. */
export function pagePromise<T>(fetchPage: (page: string | undefined) => Promise<Page<T>>): PagePromise<T> {
  const first = fetchPage(undefined);
  async function* items(): AsyncGenerator<T> {
    let page = await first;
    for (;;) {
      yield* page.data;
      if (!page.next_page) return;
      page = await fetchPage(page.next_page);
    }
  }
  return Object.assign(first, { [Symbol.asyncIterator]: items });
}
