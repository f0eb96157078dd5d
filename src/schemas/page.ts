// The collections responses carry: cursor pages `{data, next_page}` as list routes return them, and plain `{data}` lists.
import { z } from "zod";

/** Items answered all at once (search results, the events just sent). */
export function ItemList<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item) });
}

/** One page of a list; `next_page` is the cursor to pass as `page` for the next one, null on the last page. */
export function Page<T extends z.ZodType>(item: T) {
  return ItemList(item).extend({ next_page: z.string().nullable() });
}
