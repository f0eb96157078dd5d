// One memory store: browse its memories by folder, search them, view and edit one, and read its versions as diffs.
import type Anthropic from "@anthropic-ai/sdk";
import { useState } from "preact/hooks";
import type { Memory, MemorySearchResult } from "../../../src/schemas/memory";
import type { MemoryVersion } from "../../../src/schemas/memory-version";
import { ErrorMessage } from "../components/error-message";
import { SideBySideDiff } from "../components/side-by-side-diff";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

/** A memory as the tree lists it: the basic view, without content. */
type MemoryEntry = { id: string; path: string; updated_at: string; content_size_bytes: number };

/** Versions shown per memory; older ones are still in the API. */
const MAX_VERSIONS = 100;

export function MemoryStorePage(props: { params: Record<string, string> }) {
  const storeId = props.params.storeId!;
  const { anthropic } = useLucid();
  const store = useAsync(() => anthropic.beta.memoryStores.retrieve(storeId), [anthropic, storeId]);
  const entries = useAsync(() => listMemories(anthropic, storeId), [anthropic, storeId]);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  return (
    <section>
      <p>
        <a href={href("/memory")}>← Memory stores</a>
      </p>
      <h1>{store.data ? visibleText(store.data.name) : storeId}</h1>
      {store.data?.description && <p class="hint">{visibleText(store.data.description, { lines: true })}</p>}
      <ErrorMessage error={store.error} context="Could not load the store" />
      <div class="columns">
        <div>
          <SearchMemories storeId={storeId} onOpen={setSelectedId} />
          <h2>By path</h2>
          <ErrorMessage error={entries.error} context="Could not list the memories" />
          {entries.loading && !entries.data && <p>Loading…</p>}
          {entries.data && entries.data.length === 0 && <p>This store holds no memories yet.</p>}
          {entries.data && entries.data.length > 0 && <MemoryTree entries={entries.data} selectedId={selectedId} onOpen={setSelectedId} />}
        </div>
        <div>
          {selectedId ? (
            <MemoryDetail key={selectedId} storeId={storeId} memoryId={selectedId} onSaved={entries.reload} />
          ) : (
            <p class="hint">Choose a memory to read it, edit it and see its versions.</p>
          )}
        </div>
      </div>
    </section>
  );
}

async function listMemories(anthropic: Anthropic, storeId: string): Promise<MemoryEntry[]> {
  const entries: MemoryEntry[] = [];
  for await (const item of anthropic.beta.memoryStores.memories.list(storeId, { limit: 100 })) {
    // With the default depth (0) every memory is listed; prefix markers only come with a depth limit.
    if (item.type === "memory") entries.push(item);
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

// --- Browsing: memories grouped into nested folders by their paths ---

type Folder = { name: string; path: string; folders: Map<string, Folder>; memories: MemoryEntry[] };

function buildTree(entries: MemoryEntry[]): Folder {
  const root: Folder = { name: "/", path: "/", folders: new Map(), memories: [] };
  for (const entry of entries) {
    const segments = entry.path.split("/").filter(Boolean);
    let folder = root;
    for (const segment of segments.slice(0, -1)) {
      let child = folder.folders.get(segment);
      if (!child) {
        child = { name: segment, path: `${folder.path}${segment}/`, folders: new Map(), memories: [] };
        folder.folders.set(segment, child);
      }
      folder = child;
    }
    folder.memories.push(entry);
  }
  return root;
}

function MemoryTree(props: { entries: MemoryEntry[]; selectedId: string | null; onOpen: (id: string) => void }) {
  const root = buildTree(props.entries);
  return (
    <nav aria-label="Memories by path">
      <FolderContents folder={root} selectedId={props.selectedId} onOpen={props.onOpen} />
    </nav>
  );
}

function FolderContents(props: { folder: Folder; selectedId: string | null; onOpen: (id: string) => void }) {
  const folders = [...props.folder.folders.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <ul style={{ listStyle: "none", paddingLeft: props.folder.path === "/" ? 0 : "1rem", margin: 0 }}>
      {folders.map((folder) => (
        <li key={folder.path}>
          <details open>
            <summary>{folder.name}/</summary>
            <FolderContents folder={folder} selectedId={props.selectedId} onOpen={props.onOpen} />
          </details>
        </li>
      ))}
      {props.folder.memories.map((memory) => (
        <li key={memory.id}>
          <button
            type="button"
            class="secondary"
            aria-current={memory.id === props.selectedId ? "true" : undefined}
            title={memory.path}
            onClick={() => props.onOpen(memory.id)}
          >
            {memory.path.slice(props.folder.path.length)}
          </button>
        </li>
      ))}
    </ul>
  );
}

// --- Search ---

function SearchMemories(props: { storeId: string; onOpen: (id: string) => void }) {
  const { lucid } = useLucid();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<MemorySearchResult[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [searching, setSearching] = useState(false);

  const search = async () => {
    setSearching(true);
    setError(undefined);
    try {
      setResults((await lucid.memory.search(props.storeId, { q: query, limit: 20 })).data);
    } catch (failure) {
      setError(failure);
    } finally {
      setSearching(false);
    }
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: every browser knows role="search"; the <search> element only came in 2023.
    <div role="search">
      <form
        onSubmit={(submit) => {
          submit.preventDefault();
          void search();
        }}
      >
        <label>
          Search memories <input type="search" required value={query} onInput={(input) => setQuery(input.currentTarget.value)} />
        </label>
        <button type="submit" disabled={searching}>
          Search
        </button>
      </form>
      <ErrorMessage error={error} context="Search failed" />
      <div aria-live="polite">
        {results && results.length === 0 && <p>No memory matches “{query}”.</p>}
        {results && results.length > 0 && (
          <ol>
            {results.map((result) => (
              <li key={result.memory.id}>
                <button type="button" class="secondary" onClick={() => props.onOpen(result.memory.id)}>
                  {result.memory.path}
                </button>
                <div>
                  <Snippet text={result.snippet} />
                </div>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

/** The search snippet marks matched terms between `**`; they become <mark> elements. */
function Snippet(props: { text: string }) {
  return <>{props.text.split("**").map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}</>;
}

// --- One memory: its content, an editor guarded by its content hash, and its versions ---

function MemoryDetail(props: { storeId: string; memoryId: string; onSaved: () => void }) {
  const { anthropic } = useLucid();
  const memory = useAsync(
    // Lucid answers with its own memory shape (with `lucid` metadata), of which the SDK types the compatible part.
    async () => (await anthropic.beta.memoryStores.memories.retrieve(props.memoryId, { memory_store_id: props.storeId, view: "full" })) as Memory,
    [anthropic, props.storeId, props.memoryId],
  );
  const [editing, setEditing] = useState(false);
  const [versionsGeneration, setVersionsGeneration] = useState(0);

  if (memory.error) return <ErrorMessage error={memory.error} context="Could not load the memory" />;
  if (!memory.data) return <p>Loading…</p>;
  const current = memory.data;
  return (
    <article aria-labelledby="memory-path">
      <h2 id="memory-path">
        <code>{current.path}</code>
      </h2>
      <MemoryFacts memory={current} />
      {editing ? (
        <MemoryEditor
          storeId={props.storeId}
          memory={current}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            memory.reload();
            setVersionsGeneration((value) => value + 1);
            props.onSaved();
          }}
          onStale={memory.reload}
        />
      ) : (
        <>
          <pre class="panel">{current.content}</pre>
          <p>
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          </p>
        </>
      )}
      <MemoryVersions key={versionsGeneration} storeId={props.storeId} memoryId={props.memoryId} />
    </article>
  );
}

function MemoryFacts({ memory }: { memory: Memory }) {
  const { author, support_count, last_confirmed_at, provenance } = memory.lucid;
  return (
    <dl>
      <dt>Written by</dt>
      <dd>
        {author.type}
        {author.id &&
          (author.type === "session" ? (
            <a href={href(`/sessions/${author.id}`)}> {author.id}</a>
          ) : author.type === "dream" ? (
            <a href={href(`/dreams/${author.id}`)}> {author.id}</a>
          ) : (
            ` ${author.id}`
          ))}
        , {new Date(memory.updated_at).toLocaleString()}
      </dd>
      <dt>Support</dt>
      <dd>
        {support_count} sessions{last_confirmed_at && `, last confirmed ${new Date(last_confirmed_at).toLocaleString()}`}
      </dd>
      {provenance.length > 0 && (
        <>
          <dt>From sessions</dt>
          <dd>
            {provenance.map((source, index) => (
              <span key={source.session_id}>
                {index > 0 && ", "}
                <a href={href(`/sessions/${source.session_id}`)}>{source.session_id}</a>
              </span>
            ))}
          </dd>
        </>
      )}
      {memory.lucid.superseded_by && (
        <>
          <dt>Superseded by</dt>
          <dd>
            <code>{memory.lucid.superseded_by}</code>
          </dd>
        </>
      )}
    </dl>
  );
}

function MemoryEditor(props: { storeId: string; memory: Memory; onCancel: () => void; onSaved: () => void; onStale: () => void }) {
  const { anthropic } = useLucid();
  const original = props.memory.content ?? "";
  const [draft, setDraft] = useState(original);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [stale, setStale] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      // The precondition makes the save fail, rather than overwrite, if someone (an agent, a dream) changed the memory meanwhile.
      await anthropic.beta.memoryStores.memories.update(props.memory.id, {
        memory_store_id: props.storeId,
        content: draft,
        precondition: { type: "content_sha256", content_sha256: props.memory.content_sha256 },
      });
      props.onSaved();
    } catch (failure) {
      setStale(isPreconditionFailure(failure));
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(submit) => {
        submit.preventDefault();
        void save();
      }}
      style={{ maxWidth: "none" }}
    >
      <label>
        Content
        <textarea
          class="code"
          rows={Math.min(30, Math.max(8, draft.split("\n").length + 2))}
          value={draft}
          onInput={(input) => setDraft(input.currentTarget.value)}
        />
      </label>
      <ErrorMessage error={error} context="Not saved" />
      {stale && (
        <p>
          This memory changed since you opened it.{" "}
          <button type="button" class="secondary" onClick={props.onStale}>
            Load the current version
          </button>{" "}
          (your draft is discarded)
        </p>
      )}
      {draft !== original && (
        <details open>
          <summary>Your changes</summary>
          <SideBySideDiff before={original} after={draft} beforeLabel="Saved" afterLabel="Your draft" />
        </details>
      )}
      <div class="actions">
        <button type="submit" disabled={saving || draft === original}>
          Save
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function isPreconditionFailure(error: unknown): boolean {
  return typeof error === "object" && error !== null && "status" in error && error.status === 409;
}

function MemoryVersions(props: { storeId: string; memoryId: string }) {
  const { anthropic } = useLucid();
  const versions = useAsync(async () => {
    const newestFirst: MemoryVersion[] = [];
    const pages = anthropic.beta.memoryStores.memoryVersions.list(props.storeId, { memory_id: props.memoryId, view: "full", limit: 20 });
    for await (const version of pages) {
      newestFirst.push(version as MemoryVersion);
      if (newestFirst.length >= MAX_VERSIONS) break;
    }
    return newestFirst;
  }, [anthropic, props.storeId, props.memoryId]);

  return (
    <section aria-labelledby="versions-heading">
      <h3 id="versions-heading">Versions</h3>
      <ErrorMessage error={versions.error} context="Could not list the versions" />
      {versions.loading && !versions.data && <p>Loading…</p>}
      {versions.data && (
        <ol reversed start={versions.data.length} style={{ paddingLeft: "1.5rem" }}>
          {/* Each version is compared with the one before it, so the history reads as a series of changes. */}
          {versions.data.map((version, index) => (
            <VersionItem key={version.id} version={version} previous={versions.data![index + 1] ?? null} />
          ))}
        </ol>
      )}
    </section>
  );
}

function VersionItem(props: { version: MemoryVersion; previous: MemoryVersion | null }) {
  const { version, previous } = props;
  const author = version.lucid.author;
  const redacted = version.redacted_at !== null;
  return (
    <li>
      <details>
        <summary>
          {version.operation} {new Date(version.created_at).toLocaleString()} by {author.type}
          {author.id ? ` ${author.id}` : ""}
          {redacted && " (redacted)"}
        </summary>
        {redacted ? (
          <p class="hint">This version's content was redacted.</p>
        ) : (
          <SideBySideDiff
            before={previous?.content ?? ""}
            after={version.content ?? ""}
            beforeLabel={previous ? `Before (${new Date(previous.created_at).toLocaleString()})` : "Before (no earlier version)"}
            afterLabel={version.operation === "deleted" ? "Deleted" : "This version"}
          />
        )}
      </details>
    </li>
  );
}
