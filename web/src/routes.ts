// The dashboard's pages by hash path ("#/agents/agt_…"); the router matches the first pattern that fits.
import type { JSX } from "preact";
import { AgentPage } from "./pages/agent";
import { AgentsPage } from "./pages/agents";
import { DreamPage } from "./pages/dream";
import { DreamsPage } from "./pages/dreams";
import { MemoryStorePage } from "./pages/memory-store";
import { MemoryStoresPage } from "./pages/memory-stores";
import { MultiagentPage } from "./pages/multiagent";
import { SessionPage } from "./pages/session";
import { VaultPage } from "./pages/vault";
import { VaultsPage } from "./pages/vaults";
import { WebhookPage } from "./pages/webhook";
import { WebhooksPage } from "./pages/webhooks";

export type Route = {
  pattern: string;
  title: string;
  component: (props: { params: Record<string, string> }) => JSX.Element;
};

export const routes: Route[] = [
  { pattern: "/agents", title: "Agents", component: AgentsPage },
  { pattern: "/agents/:id", title: "Agent", component: AgentPage },
  { pattern: "/sessions/:id", title: "Session", component: SessionPage },
  { pattern: "/dreams", title: "Dreams", component: DreamsPage },
  { pattern: "/dreams/:id", title: "Dream", component: DreamPage },
  { pattern: "/memory", title: "Memory", component: MemoryStoresPage },
  { pattern: "/memory/:storeId", title: "Memory store", component: MemoryStorePage },
  { pattern: "/sessions/:id/threads", title: "Multiagent session", component: MultiagentPage },
  { pattern: "/webhooks", title: "Webhooks", component: WebhooksPage },
  { pattern: "/webhooks/:id", title: "Webhook", component: WebhookPage },
  { pattern: "/vaults", title: "Vaults", component: VaultsPage },
  { pattern: "/vaults/:id", title: "Vault", component: VaultPage },
];

export function href(path: string): string {
  return "#" + path;
}
