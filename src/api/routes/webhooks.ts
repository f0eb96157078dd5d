// /v1/webhooks: a tenant's webhook endpoints (the SDK's organization webhook endpoint shapes), a test event, and
// (Lucid extension) the delivery log with redelivery.
import { Hono } from "hono";
import type { Context } from "hono";
import { newWebhookEndpointId, newWebhookSigningSecret } from "../../ids";
import { PageQuery } from "../../schemas/common";
import { WEBHOOK_TEST_EVENT_TYPE } from "../../schemas/webhook-event";
import {
  DeletedWebhookEndpoint,
  NewWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointListQuery,
  WebhookEndpointUpdate,
  WebhookSigningSecret,
} from "../../schemas/webhook-endpoint";
import { deliveryPolicy } from "../../webhooks/delivery-policy";
import { buildWebhookEvent } from "../../webhooks/event-payload";
import { outboundUrlProblem } from "../../safety/url-safety";
import { invalidRequest } from "../../platform/errors";
import { directoryOf } from "../../platform/stubs";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { Page } from "../../schemas/page";

/** Refuses, at the boundary, any URL a delivery could use to reach an internal address (see url-safety.ts). */
function checkedUrl(c: Context<AppEnv>, url: string): string {
  const problem = outboundUrlProblem(url, deliveryPolicy(c.env).allowLoopback);
  if (problem) throw invalidRequest(`url: '${url}' ${problem}.`);
  return url;
}

export const webhookRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createWebhookEndpoint",
      summary: "Create a webhook endpoint (the only answer with its signing secret)",
      tag: "Webhooks",
      body: WebhookEndpointCreate,
      responses: { 200: NewWebhookEndpoint },
    }),
    async (c) => {
      const params = c.req.valid("json");
      const now = new Date().toISOString();
      const endpoint: NewWebhookEndpoint = {
        id: newWebhookEndpointId(),
        url: checkedUrl(c, params.url),
        name: params.name ?? "",
        description: params.description ?? "",
        enabled_events: [...new Set(params.enabled_events)],
        state: "enabled",
        disabled_reason: "",
        signing_secret: newWebhookSigningSecret(),
        created_at: now,
        updated_at: now,
      };
      return answer(c, await directoryOf(c.env, c.get("tenantId")).createWebhookEndpoint(c.get("tenantId"), endpoint));
    },
  )
  .get(
    "/",
    operation({
      operationId: "listWebhookEndpoints",
      summary: "List webhook endpoints",
      tag: "Webhooks",
      query: WebhookEndpointListQuery,
      responses: { 200: Page(WebhookEndpoint) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      return answer(c, await directoryOf(c.env, c.get("tenantId")).listWebhookEndpoints(query.limit, query.page, query.order));
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveWebhookEndpoint",
      summary: "Retrieve a webhook endpoint",
      tag: "Webhooks",
      responses: { 200: WebhookEndpoint },
    }),
    async (c) => answer(c, await directoryOf(c.env, c.get("tenantId")).getWebhookEndpoint(c.req.param("id"))),
  )
  .post(
    "/:id",
    operation({
      operationId: "updateWebhookEndpoint",
      summary: "Update a webhook endpoint",
      tag: "Webhooks",
      body: WebhookEndpointUpdate,
      responses: { 200: WebhookEndpoint },
    }),
    async (c) => {
      const patch = c.req.valid("json");
      if (patch.url !== undefined) checkedUrl(c, patch.url);
      return answer(c, await directoryOf(c.env, c.get("tenantId")).updateWebhookEndpoint(c.req.param("id"), patch));
    },
  )
  .delete(
    "/:id",
    operation({
      operationId: "deleteWebhookEndpoint",
      summary: "Delete a webhook endpoint with its delivery log",
      tag: "Webhooks",
      responses: { 200: DeletedWebhookEndpoint },
    }),
    async (c) => {
      await directoryOf(c.env, c.get("tenantId")).deleteWebhookEndpoint(c.req.param("id"));
      return answer(c, { id: c.req.param("id"), type: "webhook_endpoint_deleted" });
    },
  )
  .post(
    "/:id/regenerate_signing_secret",
    operation({
      operationId: "regenerateWebhookSigningSecret",
      summary: "Replace an endpoint's signing secret",
      tag: "Webhooks",
      responses: { 200: WebhookSigningSecret },
    }),
    async (c) => {
      const signingSecret = newWebhookSigningSecret();
      await directoryOf(c.env, c.get("tenantId")).rotateWebhookSigningSecret(c.get("tenantId"), c.req.param("id"), signingSecret);
      return answer(c, { signing_secret: signingSecret });
    },
  )
  .post(
    "/:id/test",
    operation({
      operationId: "sendWebhookTestEvent",
      summary: "Send a webhook.test event to this endpoint",
      tag: "Webhooks",
      extension: true,
      responses: { 200: WebhookDelivery },
    }),
    async (c) => {
      const tenantId = c.get("tenantId");
      const directory = directoryOf(c.env, tenantId);
      const endpoint = await directory.getWebhookEndpoint(c.req.param("id"));
      if (endpoint.state !== "enabled") throw invalidRequest(`Webhook endpoint '${endpoint.id}' is disabled; enable it to send a test event.`);
      const occurrenceKey = crypto.randomUUID();
      const event = await buildWebhookEvent(tenantId, { type: WEBHOOK_TEST_EVENT_TYPE, id: endpoint.id }, occurrenceKey);
      const [deliveryId] = await directory.recordWebhookEvent(event, occurrenceKey, endpoint.id);
      return answer(c, await directory.getWebhookDelivery(endpoint.id, deliveryId!));
    },
  )
  .get(
    "/:id/deliveries",
    operation({
      operationId: "listWebhookDeliveries",
      summary: "List an endpoint's deliveries",
      tag: "Webhooks",
      extension: true,
      query: PageQuery,
      responses: { 200: Page(WebhookDelivery) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      return answer(c, await directoryOf(c.env, c.get("tenantId")).listWebhookDeliveries(c.req.param("id"), query.limit, query.page));
    },
  )
  .get(
    "/:id/deliveries/:delivery_id",
    operation({
      operationId: "retrieveWebhookDelivery",
      summary: "Retrieve a delivery with its attempts",
      tag: "Webhooks",
      extension: true,
      responses: { 200: WebhookDelivery },
    }),
    async (c) => answer(c, await directoryOf(c.env, c.get("tenantId")).getWebhookDelivery(c.req.param("id"), c.req.param("delivery_id"))),
  )
  .post(
    "/:id/deliveries/:delivery_id/redeliver",
    operation({
      operationId: "redeliverWebhook",
      summary: "Send a settled delivery again, with the same webhook-id",
      tag: "Webhooks",
      extension: true,
      responses: { 200: WebhookDelivery },
    }),
    async (c) => {
      const tenantId = c.get("tenantId");
      return answer(c, await directoryOf(c.env, tenantId).redeliverWebhook(tenantId, c.req.param("id"), c.req.param("delivery_id")));
    },
  );
