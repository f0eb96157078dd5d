// /v1/environments: the virtual workspace configurations sessions run in.
import { Hono } from "hono";
import { directoryOf } from "../../platform/stubs";
import { z } from "zod";
import { newEnvironmentId } from "../../ids";
import { applyMetadataPatch, PageQuery } from "../../schemas/common";
import { DeletedEnvironment, Environment, EnvironmentCreate, EnvironmentUpdate, normaliseEnvironmentConfig } from "../../schemas/environment";
import { invalidRequest } from "../../platform/errors";
import { respond } from "../respond";
import { describeOperation } from "../openapi-route";
import { Page } from "../../schemas/page";
import type { AppEnv } from "../app-env";
import { readBody, readQuery } from "../request-input";

const EnvironmentPageQuery = PageQuery.extend({ include_archived: z.enum(["true", "false"]).optional() });

export const environmentRoutes = new Hono<AppEnv>()
  .post("/", describeOperation({
    operationId: "createEnvironment",
    summary: "Create an environment",
    tag: "Environments",
    body: EnvironmentCreate,
    responses: { 200: Environment },
  }), async (c) => {
    const params = await readBody(c, EnvironmentCreate);
    const now = new Date().toISOString();
    const environment: Environment = {
      id: newEnvironmentId(),
      type: "environment",
      name: params.name,
      description: params.description ?? null,
      config: normaliseEnvironmentConfig(params.config),
      metadata: params.metadata ?? {},
      scope: params.scope ?? "organization",
      created_at: now,
      updated_at: now,
      archived_at: null,
    };
    await directoryOf(c.env, c.get("tenantId")).putEnvironment(environment);
    return respond(c, environment);
  })
  .get("/", describeOperation({
    operationId: "listEnvironments",
    summary: "List environments",
    tag: "Environments",
    query: EnvironmentPageQuery,
    responses: { 200: Page(Environment) },
  }), async (c) => {
    const query = readQuery(c, EnvironmentPageQuery);
    const directory = directoryOf(c.env, c.get("tenantId"));
    return respond(c, await directory.listEnvironments(query.limit, query.page, query.include_archived === "true"));
  })
  .get("/:id", describeOperation({
    operationId: "retrieveEnvironment",
    summary: "Retrieve an environment",
    tag: "Environments",
    responses: { 200: Environment },
  }), async (c) => respond(c, await directoryOf(c.env, c.get("tenantId")).getEnvironment(c.req.param("id"))))
  .post("/:id", describeOperation({
    operationId: "updateEnvironment",
    summary: "Update an environment",
    tag: "Environments",
    body: EnvironmentUpdate,
    responses: { 200: Environment },
  }), async (c) => {
    const update = await readBody(c, EnvironmentUpdate);
    const directory = directoryOf(c.env, c.get("tenantId"));
    const current = await directory.getEnvironment(c.req.param("id"));
    if (current.archived_at) throw invalidRequest(`Environment '${current.id}' is archived and cannot be changed.`);
    const next: Environment = {
      ...current,
      name: update.name ?? current.name,
      description: update.description === undefined ? current.description : update.description,
      config: update.config ? normaliseEnvironmentConfig(update.config) : current.config,
      metadata: applyMetadataPatch(current.metadata, update.metadata),
      scope: update.scope ?? current.scope,
      updated_at: new Date().toISOString(),
    };
    await directory.putEnvironment(next);
    return respond(c, next);
  })
  .post("/:id/archive", describeOperation({
    operationId: "archiveEnvironment",
    summary: "Archive an environment",
    tag: "Environments",
    responses: { 200: Environment },
  }), async (c) => {
    const directory = directoryOf(c.env, c.get("tenantId"));
    const current = await directory.getEnvironment(c.req.param("id"));
    const archived: Environment = current.archived_at ? current : { ...current, archived_at: new Date().toISOString() };
    await directory.putEnvironment(archived);
    return respond(c, archived);
  })
  .delete("/:id", describeOperation({
    operationId: "deleteEnvironment",
    summary: "Delete an environment",
    tag: "Environments",
    responses: { 200: DeletedEnvironment },
  }), async (c) => {
    await directoryOf(c.env, c.get("tenantId")).deleteEnvironment(c.req.param("id"));
    return respond(c, { id: c.req.param("id"), type: "environment_deleted" } satisfies DeletedEnvironment);
  });
