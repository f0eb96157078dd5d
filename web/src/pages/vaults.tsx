// Vaults page: the tenant's vaults, each linking to its credentials, and creating one.
import type Anthropic from "@anthropic-ai/sdk";
import { useState } from "preact/hooks";
import { ErrorMessage } from "../components/error-message";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

type Vault = Anthropic.Beta.Vaults.BetaManagedAgentsVault;

export function VaultsPage() {
  const { anthropic } = useLucid();
  const vaults = useAsync(async () => {
    const all: Vault[] = [];
    for await (const vault of anthropic.beta.vaults.list()) all.push(vault);
    return all;
  }, [anthropic]);
  const [name, setName] = useState("");
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  const create = async (event: Event) => {
    event.preventDefault();
    setCreating(true);
    setError(undefined);
    setNotice(null);
    try {
      const vault = await anthropic.beta.vaults.create({ display_name: name.trim() });
      setNotice(`Created the vault ${visibleText(vault.display_name)}.`);
      setName("");
      vaults.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setCreating(false);
    }
  };

  return (
    <section>
      <h1>Vaults</h1>
      <p>
        A vault holds the credentials Lucid presents to MCP servers for the sessions that name it. Secrets are written here and never shown again: not on these
        pages, not by the API.
      </p>
      <div aria-live="polite">{notice && <p class="notice">{notice}</p>}</div>
      <form onSubmit={create} aria-labelledby="new-vault-heading">
        <h2 id="new-vault-heading">New vault</h2>
        <label for="vault-name">Name</label>
        <input id="vault-name" required maxLength={255} value={name} onInput={(input) => setName(input.currentTarget.value)} />
        <button type="submit" disabled={creating || !name.trim()}>
          {creating ? "Creating…" : "Create vault"}
        </button>
        <ErrorMessage error={error} context="Could not create the vault" />
      </form>
      <h2>Vaults</h2>
      <ErrorMessage error={vaults.error} context="Could not list the vaults" />
      {vaults.loading && !vaults.data && <p>Loading…</p>}
      {vaults.data && vaults.data.length === 0 && <p>No vaults yet.</p>}
      {vaults.data && vaults.data.length > 0 && (
        <table>
          <caption class="visually-hidden">Vaults, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">ID</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {vaults.data.map((vault) => (
              <tr key={vault.id}>
                <td>
                  <a href={href(`/vaults/${vault.id}`)}>{visibleText(vault.display_name)}</a>
                </td>
                <td>
                  <code>{vault.id}</code>
                </td>
                <td>{new Date(vault.created_at).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
