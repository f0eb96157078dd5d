// Types of the test runtime: the Lucid Worker's bindings and exports, as vitest-plugin provides them.
import type { Env as LucidEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends LucidEnv {}
    interface GlobalProps {
      mainModule: typeof import("../src/index");
      durableNamespaces: "AgentObject" | "DirectoryObject" | "MemoryStoreObject" | "DreamObject" | "EnvironmentObject";
    }
  }
}
