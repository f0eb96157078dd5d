// /v1/environments: the virtual workspace configurations sessions run in.
import { Hono } from "hono";
import { directoryOf } from "../object-stubs";
import { z } from "zod";
import { newEnvironmentId } from "../../ids";
import { applyMetadataPatch, PageQuery } from "../../schemas/common";
import { type Environment, EnvironmentCreate, EnvironmentUpdate, normaliseEnvironmentConfig } from "../../schemas/environment";
import { invalidRequest } from "../api-error";
import { respond } from "../respond";
import type { AppEnv } from "../app-env";
import { readBody, readQuery } from "../request-input";

export const environmentRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
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
  .get("/", async (c) => {
    const query = readQuery(c, PageQuery.extend({ include_archived: z.enum(["true", "false"]).optional() }));
    const directory = directoryOf(c.env, c.get("tenantId"));
    return respond(c, await directory.listEnvironments(query.limit, query.page, query.include_archived === "true"));
  })
  .get("/:id", async (c) => respond(c, await directoryOf(c.env, c.get("tenantId")).getEnvironment(c.req.param("id"))))
  .post("/:id", async (c) => {
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
  .post("/:id/archive", async (c) => {
    const directory = directoryOf(c.env, c.get("tenantId"));
    const current = await directory.getEnvironment(c.req.param("id"));
    const archived: Environment = current.archived_at ? current : { ...current, archived_at: new Date().toISOString() };
    await directory.putEnvironment(archived);
    return respond(c, archived);
  })
  .delete("/:id", async (c) => {
    await directoryOf(c.env, c.get("tenantId")).deleteEnvironment(c.req.param("id"));
    return respond(c, { id: c.req.param("id"), type: "environment_deleted" });
  });
