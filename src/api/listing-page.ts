// One page of a tenant's listings of one kind, from its directory, typed by that kind so a route's answer is checked.
import type { Context } from "hono";
import type { ListingFilter, ListingKind, ListingPage } from "../directory/listings";
import { directoryOf } from "../platform/stubs";
import type { AppEnv } from "./app-env";

export async function listingPage<K extends ListingKind>(c: Context<AppEnv>, kind: K, filter: ListingFilter): Promise<ListingPage<K>> {
  // The stub's view of the directory's generic method drops its type parameter; the directory lists only `kind`.
  return (await directoryOf(c.env, c.get("tenantId")).listListings(kind, filter)) as ListingPage<K>;
}
