// Lucid's typed client: LucidClient and its errors, pages and types (the official SDK covers the compatible API).
export { LucidClient, type LucidClientOptions } from "./lucid-client";
export { LucidApiError, LucidConnectionError } from "./errors";
export type { Page, PagePromise } from "./pagination";
export type { SessionEventsOptions, WebSocketFactory } from "./session-events";
export type { WorkspaceWriteOptions } from "./resources/workspace";
export type * from "./api-types";
export { lucidAgent, lucidDream, lucidMemory, lucidSession } from "./lucid-shapes";
