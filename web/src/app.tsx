// The dashboard shell: the sign-in gate, then the navigation and the page the hash path names.
import { useEffect, useMemo, useState } from "preact/hooks";
import { forgetApiKey, readStoredApiKey, storeApiKey } from "./api-key-storage";
import { Nav } from "./components/nav";
import { createLucidClients, LucidContext } from "./lucid-context";
import { SignInPage } from "./pages/sign-in";
import { matchRoute, navigate, useHashPath } from "./router";
import { routes } from "./routes";

export function App() {
  const [apiKey, setApiKey] = useState(readStoredApiKey);
  const clients = useMemo(() => (apiKey ? createLucidClients(apiKey) : null), [apiKey]);
  const path = useHashPath();
  const match = matchRoute(routes, path);

  useEffect(() => {
    if (path === "/") navigate("/agents");
  }, [path]);
  useEffect(() => {
    document.title = match ? `${match.route.title} · Lucid` : "Lucid";
  }, [match?.route.title]);

  if (!clients) {
    return (
      <SignInPage
        onSignedIn={(key) => {
          storeApiKey(key);
          setApiKey(key);
        }}
      />
    );
  }
  const signOut = () => {
    forgetApiKey();
    setApiKey(null);
  };
  return (
    <LucidContext.Provider value={clients}>
      <header>
        <Nav currentPath={path} onSignOut={signOut} />
      </header>
      <main id="main">{match ? <match.route.component key={path} params={match.params} /> : path === "/" ? null : <NotFound path={path} />}</main>
    </LucidContext.Provider>
  );
}

function NotFound(props: { path: string }) {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        The dashboard has no page at <code>{props.path}</code>. <a href="#/agents">Go to the agents</a>.
      </p>
    </section>
  );
}
