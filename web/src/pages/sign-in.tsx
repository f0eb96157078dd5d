// Sign-in: an API key, checked with a real request before it is kept for this browser tab.
import { useState } from "preact/hooks";
import { ErrorMessage } from "../components/error-message";
import { createLucidClients } from "../lucid-context";

export function SignInPage(props: { onSignedIn: (apiKey: string) => void }) {
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<unknown>(undefined);
  const [checking, setChecking] = useState(false);

  const signIn = async (event: Event) => {
    event.preventDefault();
    const key = apiKey.trim();
    setChecking(true);
    setError(undefined);
    try {
      // Any authenticated read proves the key; listing one agent is the cheapest.
      await createLucidClients(key).anthropic.beta.agents.list({ limit: 1 });
      props.onSignedIn(key);
    } catch (reason) {
      setError(reason);
    } finally {
      setChecking(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Lucid</h1>
      <form onSubmit={signIn}>
        <label for="api-key">API key</label>
        <input id="api-key" type="password" autocomplete="current-password" required value={apiKey} onInput={(event) => setApiKey(event.currentTarget.value)} />
        <p class="hint">
          The key stays in this tab only (session storage). Running locally with <code>npm start</code>? The admin key is in <code>.dev.vars</code> (
          <code>lucid-local-admin-key</code> unless you changed it).
        </p>
        <button type="submit" disabled={checking || !apiKey.trim()}>
          {checking ? "Checking…" : "Sign in"}
        </button>
        <ErrorMessage error={error} context="Sign-in failed" />
      </form>
    </main>
  );
}
