// The signed-in API clients (Lucid's typed client and the official SDK), shared with every page through a Preact context.
import type Anthropic from "@anthropic-ai/sdk";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { LucidClient } from "../../client/index";

export type LucidClients = { lucid: LucidClient; anthropic: Anthropic };

export const LucidContext = createContext<LucidClients | null>(null);

// The dashboard is served by the same Worker as the API, so the API is always at this page's origin.
export function createLucidClients(apiKey: string): LucidClients {
  const lucid = new LucidClient({ baseURL: location.origin, apiKey });
  return { lucid, anthropic: lucid.anthropic() };
}

export function useLucid(): LucidClients {
  const clients = useContext(LucidContext);
  if (!clients) throw new Error("useLucid() is only available inside the signed-in dashboard");
  return clients;
}
