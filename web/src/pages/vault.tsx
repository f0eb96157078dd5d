// One vault: its credentials (type, MCP server URL, expiry; the API returns no secret, so none can show), adding a
// static bearer token through a password field that is emptied once sent, and deleting a credential.
import type Anthropic from "@anthropic-ai/sdk";
import { useState } from "preact/hooks";
import { ErrorMessage } from "../components/error-message";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

type Credential = Anthropic.Beta.Vaults.BetaManagedAgentsCredential;

export function VaultPage(props: { params: Record<string, string> }) {
  const vaultId = props.params.id!;
  const { anthropic } = useLucid();
  const vault = useAsync(() => anthropic.beta.vaults.retrieve(vaultId), [anthropic, vaultId]);
  const credentials = useAsync(async () => {
    const all: Credential[] = [];
    for await (const credential of anthropic.beta.vaults.credentials.list(vaultId)) all.push(credential);
    return all;
  }, [anthropic, vaultId]);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(undefined);

  const remove = async (credential: Credential) => {
    if (!confirm(`Delete the credential for ${serverUrl(credential)} and its secret?`)) return;
    setActionError(undefined);
    setNotice(null);
    try {
      await anthropic.beta.vaults.credentials.delete(credential.id, { vault_id: vaultId });
      setNotice(`Deleted the credential for ${serverUrl(credential)}.`);
      credentials.reload();
    } catch (reason) {
      setActionError(reason);
    }
  };

  return (
    <section>
      <p>
        <a href={href("/vaults")}>← Vaults</a>
      </p>
      <h1>{vault.data ? visibleText(vault.data.display_name) : `Vault ${vaultId}`}</h1>
      <ErrorMessage error={vault.error} context="Could not load the vault" />
      {vault.data && (
        <p class="hint">
          <code>{vault.data.id}</code> · created {new Date(vault.data.created_at).toLocaleString()}
          {vault.data.archived_at ? ` · archived ${new Date(vault.data.archived_at).toLocaleString()}: sessions get none of its credentials` : ""}
        </p>
      )}
      <div aria-live="polite">{notice && <p class="notice">{notice}</p>}</div>
      <ErrorMessage error={actionError} />
      <AddBearerForm
        vaultId={vaultId}
        onAdded={(credential) => {
          setNotice(`Added a bearer token for ${serverUrl(credential)}. It is stored sealed and never shown again.`);
          credentials.reload();
        }}
      />
      <h2>Credentials</h2>
      <ErrorMessage error={credentials.error} context="Could not list the credentials" />
      {credentials.loading && !credentials.data && <p>Loading…</p>}
      {credentials.data && credentials.data.length === 0 && <p>No credentials yet.</p>}
      {credentials.data && credentials.data.length > 0 && (
        <table>
          <caption class="visually-hidden">Credentials of this vault, newest first</caption>
          <thead>
            <tr>
              <th scope="col">MCP server</th>
              <th scope="col">Type</th>
              <th scope="col">Expires</th>
              <th scope="col">Name</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {credentials.data.map((credential) => (
              <tr key={credential.id}>
                <td>
                  <code>{serverUrl(credential)}</code>
                </td>
                <td>{credential.auth.type}</td>
                <td>{expiry(credential)}</td>
                <td>{credential.display_name ? visibleText(credential.display_name) : "—"}</td>
                <td>
                  <button type="button" class="secondary" onClick={() => void remove(credential)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function serverUrl(credential: Credential): string {
  return credential.auth.type === "environment_variable" ? credential.auth.secret_name : visibleText(credential.auth.mcp_server_url);
}

function expiry(credential: Credential): string {
  if (credential.auth.type !== "mcp_oauth") return "never";
  return credential.auth.expires_at ? new Date(credential.auth.expires_at).toLocaleString() : "unknown";
}

function AddBearerForm(props: { vaultId: string; onAdded: (credential: Credential) => void }) {
  const { anthropic } = useLucid();
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [token, setToken] = useState("");
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const add = async (event: Event) => {
    event.preventDefault();
    setAdding(true);
    setError(undefined);
    try {
      const credential = await anthropic.beta.vaults.credentials.create(props.vaultId, {
        auth: { type: "static_bearer", mcp_server_url: url.trim(), token },
        ...(name.trim() ? { display_name: name.trim() } : {}),
      });
      setUrl("");
      setName("");
      props.onAdded(credential);
    } catch (reason) {
      setError(reason);
    } finally {
      // Sent or refused, the secret leaves the page: a refused one is typed again rather than kept in the DOM.
      setToken("");
      setAdding(false);
    }
  };

  return (
    <form onSubmit={add} aria-labelledby="add-bearer-heading">
      <h2 id="add-bearer-heading">Add a bearer token</h2>
      <p class="hint">Sent as Authorization: Bearer to the MCP server whose URL matches exactly, in sessions that name this vault.</p>
      <label for="bearer-url">MCP server URL</label>
      <input id="bearer-url" type="url" required value={url} onInput={(input) => setUrl(input.currentTarget.value)} placeholder="https://mcp.example.com/mcp" />
      <label for="bearer-name">Name (optional)</label>
      <input id="bearer-name" value={name} onInput={(input) => setName(input.currentTarget.value)} />
      <label for="bearer-token">Token</label>
      <input
        id="bearer-token"
        type="password"
        required
        autocomplete="off"
        spellcheck={false}
        value={token}
        onInput={(input) => setToken(input.currentTarget.value)}
      />
      <button type="submit" disabled={adding || !url.trim() || !token}>
        {adding ? "Adding…" : "Add token"}
      </button>
      <ErrorMessage error={error} context="Could not add the token" />
    </form>
  );
}
