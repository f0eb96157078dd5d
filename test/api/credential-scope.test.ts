// What each credential may reach, as pure rules: the admin key and API keys everything, an environment key only its
// environment's work queue, a work token (the work queue's per-item credential) only what its item's worker needs.
import { describe, expect, it } from "vitest";
import type { Credential } from "../../src/api/app-env";
import { credentialReaches, reachOf, workTokenReaches } from "../../src/api/credential-scope";
import type { WorkGrant } from "../../src/schemas/environment-work";

const ENVIRONMENT = "env_aaaaaaaaaaaaaaaaaaaaaaaa";
const OTHER_ENVIRONMENT = "env_bbbbbbbbbbbbbbbbbbbbbbbb";
const WORK = `/v1/environments/${ENVIRONMENT}/work`;

describe("credentialReaches", () => {
  it("lets the admin key and API keys reach every route", () => {
    const credentials: Credential[] = [{ type: "admin" }, { type: "api_key", key_id: "apikey_x" }];
    for (const credential of credentials) {
      for (const [method, path] of [
        ["GET", "/v1/agents"],
        ["DELETE", "/v1/sessions/sesn_x"],
        ["POST", `/v1/environments/${ENVIRONMENT}/keys`],
        ["GET", `${WORK}/poll`],
      ]) {
        expect(credentialReaches(credential, method!, path!), `${credential.type} ${method} ${path}`).toBe(true);
      }
      expect(reachOf(credential)).toBe("every route");
    }
  });

  it("lets an environment key reach its environment's work queue and every path below it, with any method", () => {
    const credential: Credential = { type: "environment_key", key_id: "envkey_x", environment_id: ENVIRONMENT };
    for (const method of ["GET", "POST", "DELETE"]) {
      for (const path of [WORK, `${WORK}/poll`, `${WORK}/stats`, `${WORK}/work_x`, `${WORK}/work_x/ack`, `${WORK}/work_x/heartbeat`, `${WORK}/work_x/stop`]) {
        expect(credentialReaches(credential, method, path), `${method} ${path}`).toBe(true);
      }
    }
    for (const path of [
      "/v1/agents",
      "/v1/sessions",
      `/v1/environments/${ENVIRONMENT}`,
      `/v1/environments/${ENVIRONMENT}/keys`,
      `/v1/environments/${ENVIRONMENT}/workers`,
      `/v1/environments/${ENVIRONMENT}/archive`,
      `/v1/environments/${OTHER_ENVIRONMENT}/work`,
      `/v1/environments/${OTHER_ENVIRONMENT}/work/poll`,
      `/v2/environments/${ENVIRONMENT}/work`,
      `/x/v1/environments/${ENVIRONMENT}/work`,
    ]) {
      expect(credentialReaches(credential, "GET", path), path).toBe(false);
    }
    expect(reachOf(credential)).toBe(`only its environment's work queue, ${WORK} and the paths below it`);
  });
});

describe("workTokenReaches", () => {
  const grant: WorkGrant = {
    work_id: "work_aaaa_1111",
    environment_id: ENVIRONMENT,
    session_id: "sesn_x",
    agent_id: "agent_x",
    memory_stores: [
      { memory_store_id: "memstore_rw", access: "read_write" },
      { memory_store_id: "memstore_ro", access: "read_only" },
    ],
    state: "active",
  };
  const item = `${WORK}/${grant.work_id}`;

  it("reaches its item's heartbeat and stop, its session and events, and its stores' memories", () => {
    const reached: [string, string][] = [
      ["POST", `${item}/heartbeat`],
      ["POST", `${item}/stop`],
      ["GET", "/v1/sessions/sesn_x"],
      ["GET", "/v1/sessions/sesn_x/events"],
      ["GET", "/v1/sessions/sesn_x/events/stream"],
      ["POST", "/v1/sessions/sesn_x/events"],
      ["GET", "/v1/memory_stores/memstore_rw/memories"],
      ["POST", "/v1/memory_stores/memstore_rw/memories"],
      ["GET", "/v1/memory_stores/memstore_rw/memories/mem_1"],
      ["POST", "/v1/memory_stores/memstore_rw/memories/mem_1"],
      ["DELETE", "/v1/memory_stores/memstore_rw/memories/mem_1"],
      ["GET", "/v1/memory_stores/memstore_ro/memories"],
      ["HEAD", "/v1/memory_stores/memstore_ro/memories/mem_1"],
    ];
    for (const [method, path] of reached) expect(workTokenReaches(grant, method, path), `${method} ${path}`).toBe(true);
  });

  it("reaches nothing else: not another item, session or store, no write to a read-only store, no other route", () => {
    const refused: [string, string][] = [
      ["POST", `${WORK}/work_other/heartbeat`],
      ["POST", `/v1/environments/${OTHER_ENVIRONMENT}/work/${grant.work_id}/heartbeat`],
      ["GET", `${WORK}/poll`],
      ["POST", `${item}/ack`],
      ["GET", item],
      ["GET", `${item}/heartbeat`],
      ["DELETE", "/v1/sessions/sesn_x"],
      ["POST", "/v1/sessions/sesn_x"],
      ["POST", "/v1/sessions/sesn_x/archive"],
      ["GET", "/v1/sessions/sesn_y"],
      ["GET", "/v1/sessions/sesn_y/events"],
      ["GET", "/v1/sessions/sesn_x/workspace/files"],
      ["POST", "/v1/memory_stores/memstore_ro/memories"],
      ["POST", "/v1/memory_stores/memstore_ro/memories/mem_1"],
      ["DELETE", "/v1/memory_stores/memstore_ro/memories/mem_1"],
      ["GET", "/v1/memory_stores/memstore_other/memories"],
      ["GET", "/v1/memory_stores/memstore_rw"],
      ["GET", "/v1/memory_stores/memstore_rw/memory_versions"],
      ["GET", "/v1/memory_stores/memstore_rw/memories/mem_1/extra"],
      ["GET", "/v1/agents"],
    ];
    for (const [method, path] of refused) expect(workTokenReaches(grant, method, path), `${method} ${path}`).toBe(false);
  });

  it("is what credentialReaches applies to a work credential, whose refusal names what it may reach", () => {
    const credential: Credential = { type: "work", grant };
    expect(credentialReaches(credential, "POST", `${item}/heartbeat`)).toBe(true);
    expect(credentialReaches(credential, "GET", "/v1/sessions/sesn_x/events/stream")).toBe(true);
    expect(credentialReaches(credential, "GET", `${WORK}/poll`)).toBe(false);
    expect(credentialReaches(credential, "POST", "/v1/memory_stores/memstore_ro/memories")).toBe(false);
    expect(reachOf(credential)).toBe(`only ${item}/heartbeat and /stop, /v1/sessions/sesn_x with its events, and the memories of that session's memory stores`);
    expect(reachOf({ type: "work", grant: { ...grant, state: "stopped" } })).toBe(`only ${item}/stop, its work item being stopped`);
  });

  it("lets a stopped item's token reach only its stop", () => {
    const stopped: WorkGrant = { ...grant, state: "stopped" };
    expect(workTokenReaches(stopped, "POST", `${item}/stop`)).toBe(true);
    for (const [method, path] of [
      ["POST", `${item}/heartbeat`],
      ["GET", "/v1/sessions/sesn_x"],
      ["GET", "/v1/sessions/sesn_x/events/stream"],
      ["GET", "/v1/memory_stores/memstore_rw/memories"],
    ]) {
      expect(workTokenReaches(stopped, method!, path!), `${method} ${path}`).toBe(false);
    }
  });
});
