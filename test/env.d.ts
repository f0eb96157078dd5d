// Types of the test runtime: the Lucid Worker's bindings and exports, as vitest-plugin provides them.
import type { Env as LucidEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends LucidEnv {
      /** The MCP server of the tests (test/mcp/mcp-server-worker.ts), bound by vitest.config.ts. */
      MCP_TEST_SERVER: Fetcher;
      /** The OAuth token endpoint of the tests (test/vaults/token-endpoint-worker.ts), for its control routes. */
      TOKEN_ENDPOINT: Fetcher;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
      durableNamespaces: "AgentObject" | "DirectoryObject" | "MemoryStoreObject" | "DreamObject" | "EnvironmentObject";
    }
  }
}
