// The RPC door runs only what an object declares: an internal helper or a host-interface method is refused by name on
// every kind of object, a declared method still runs, and a stub does not even offer an undeclared one (compile error).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newDreamId, newEnvironmentId, newSessionId, newVaultId, newWorkspaceId } from "../../src/ids";
import type { GuardedObject } from "../../src/platform/rpc-door";
import { agentOf } from "../../src/platform/stubs";
import { createAgent, lucidClient } from "../fixtures/lucid";

const TENANT = "tnt_default";
const REFUSED = /is not in the RPC surface of/;

const raw = (stub: unknown) => stub as GuardedObject;

/** A call's refusal message, or null if it ran (caught here: `expect(rpcCall).rejects` reports the rejection unhandled). */
async function refusalOf(call: () => Promise<unknown>): Promise<string | null> {
  try {
    await call();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("the RPC door", () => {
  it("refuses on every kind of object a method it does not declare, and runs one it does", async () => {
    const agent = await createAgent(lucidClient());
    const storeId = (agent as unknown as { memory_store_id: string }).memory_store_id;
    const dreamId = newDreamId();
    const kinds = [
      {
        stub: env.AGENT.getByName(agent.id),
        undeclared: ["tenantId", "record", "requireAgent", "fetch", "alarm", "invoke"],
        declared: ["getAgent", [TENANT, agent.id]],
      },
      { stub: env.MEMORY_STORE.getByName(storeId), undeclared: ["insertNewStore", "archiveStaging"], declared: ["getStore", [TENANT]] },
      { stub: env.DREAM.getByName(dreamId), undeclared: ["stillRunning", "writeOutput", "notify"], declared: ["getDream", [TENANT, dreamId]] },
      { stub: env.WORKSPACE.getByName(newWorkspaceId()), undeclared: ["currentFile", "claim"], declared: ["getFile", [TENANT, "notes.md"]] },
      { stub: env.ORCHESTRATOR.getByName(newSessionId(agent.id)), undeclared: ["hasDueWork", "pump"], declared: ["listThreads", [TENANT]] },
      { stub: env.ENVIRONMENT.getByName(newEnvironmentId()), undeclared: ["armAlarm", "pollBeforeAnyWork"], declared: ["stats", [TENANT, newEnvironmentId()]] },
      { stub: env.VAULT.getByName(newVaultId()), undeclared: ["requireVault", "syncListing", "ownerOf"], declared: ["getVault", [TENANT]] },
      {
        stub: env.DIRECTORY.getByName(TENANT),
        undeclared: ["closeStreamsOfRevokedKeys", "enqueueWebhookDeliveries"],
        declared: ["listEnvironments", [20, undefined, false]],
      },
    ] as const;

    for (const { stub, undeclared, declared } of kinds) {
      for (const method of undeclared) expect(await refusalOf(() => raw(stub).invoke(method, []))).toMatch(REFUSED);
      const [method, args] = declared;
      // A declared method runs: an answer (the record, or the not found its own lookup gives), never a refusal.
      const outcome = await raw(stub).invoke(method, [...args]);
      expect(outcome.ok || outcome.error.type === "not_found_error").toBe(true);
    }
  });

  it("offers no undeclared method on a typed stub", async () => {
    const agent = await createAgent(lucidClient());
    const stub = agentOf(env, agent.id);
    // @ts-expect-error: tenantId serves the session step inside the object; its stub does not offer it.
    expect(await refusalOf(() => stub.tenantId())).toMatch(REFUSED);
    expect((await stub.getAgent(TENANT, agent.id)).id).toBe(agent.id);
  });
});
