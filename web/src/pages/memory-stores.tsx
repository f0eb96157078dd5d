// Memory page: every memory store of the tenant (each agent's, and those dreams wrote), linking to each store.
import type { MemoryStore } from "../../../src/schemas/memory-store";
import { ErrorMessage } from "../components/error-message";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

export function MemoryStoresPage() {
  const { anthropic } = useLucid();
  const stores = useAsync(async () => {
    const all: MemoryStore[] = [];
    for await (const store of anthropic.beta.memoryStores.list({ limit: 100 })) all.push(store as MemoryStore);
    return all;
  }, [anthropic]);

  return (
    <section>
      <h1>Memory</h1>
      <p class="hint">Each agent has a memory store; a dream that creates a new store leaves the old one here, so a rollback can return to it.</p>
      <ErrorMessage error={stores.error} context="Could not list the memory stores" />
      {stores.loading && !stores.data && <p>Loading…</p>}
      {stores.data && stores.data.length === 0 && <p>No memory stores yet. Creating an agent creates its store.</p>}
      {stores.data && stores.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">Description</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {stores.data.map((store) => (
              <tr key={store.id}>
                <td>
                  <a href={href(`/memory/${store.id}`)}>{visibleText(store.name)}</a>
                  <div>
                    <code>{store.id}</code>
                  </div>
                </td>
                <td>{visibleText(store.description, { lines: true })}</td>
                <td>{new Date(store.updated_at).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
