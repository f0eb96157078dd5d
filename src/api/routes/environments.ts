// /v1/environments: where sessions run. An environment's type never changes. An archived or deleted self-hosted one
// stops its work items and loses its keys in the same directory call; the admin's registry then forgets them.
import { Hono } from "hono";
import { directoryOf, environmentOf } from "../../platform/stubs";
import type { Env } from "../../env";
import { ApiError, invalidRequest } from "../../platform/errors";
import { z } from "zod";
import { newEnvironmentId } from "../../ids";
import { applyMetadataPatch, PageQuery } from "../../schemas/common";
import { DeletedEnvironment, Environment, EnvironmentCreate, EnvironmentUpdate, normaliseEnvironmentConfig } from "../../schemas/environment";
import { answer, operation } from "../operation";
import { Page } from "../../schemas/page";
import type { AppEnv } from "../app-env";
import { forgetEnvironmentKeys } from "../key-registry";

const EnvironmentPageQuery = PageQuery.extend({ include_archived: z.enum(["true", "false"]).optional() });

/**
 * An archived or deleted environment runs no more work: its items stop, so their workers' tokens reach nothing but
 * their stop (a cloud environment has no queue, and its object answers without being created).
 */
const stopWorkOf = (env: Env, tenantId: string, environmentId: string) => environmentOf(env, environmentId).stopAllWork(tenantId);

export const environmentRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createEnvironment",
      summary: "Create an environment",
      tag: "Environments",
      body: EnvironmentCreate,
      responses: { 200: Environment },
    }),
    async (c) => {
      const params = c.req.valid("json");
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
      return answer(c, environment);
    },
  )
  .get(
    "/",
    operation({
      operationId: "listEnvironments",
      summary: "List environments",
      tag: "Environments",
      query: EnvironmentPageQuery,
      responses: { 200: Page(Environment) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const directory = directoryOf(c.env, c.get("tenantId"));
      return answer(c, await directory.listEnvironments(query.limit, query.page, query.include_archived === "true"));
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveEnvironment",
      summary: "Retrieve an environment",
      tag: "Environments",
      responses: { 200: Environment },
    }),
    async (c) => answer(c, await directoryOf(c.env, c.get("tenantId")).getEnvironment(c.req.param("id"))),
  )
  .post(
    "/:id",
    operation({
      operationId: "updateEnvironment",
      summary: "Update an environment",
      tag: "Environments",
      body: EnvironmentUpdate,
      responses: { 200: Environment },
    }),
    async (c) => {
      const update = c.req.valid("json");
      const directory = directoryOf(c.env, c.get("tenantId"));
      const current = await directory.getEnvironment(c.req.param("id"));
      if (current.archived_at) throw invalidRequest(`Environment '${current.id}' is archived and cannot be changed.`);
      // Where a session's tools run is fixed for the environment's life, as the API keeps it: sessions and their
      // agents' objects rely on it (src/agent/agent-core.ts toolsetHostOf), and a worker's keys belong to it.
      if (update.config && update.config.type !== current.config.type) {
        throw new ApiError(
          "invalid_request_error",
          `Environment '${current.id}' is ${current.config.type}; its config type cannot change to ${update.config.type}. Create a new environment instead.`,
          { details: { error_code: "invalid_config_type_change" } },
        );
      }
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
      return answer(c, next);
    },
  )
  .post(
    "/:id/archive",
    operation({
      operationId: "archiveEnvironment",
      summary: "Archive an environment",
      tag: "Environments",
      responses: { 200: Environment },
    }),
    async (c) => {
      const directory = directoryOf(c.env, c.get("tenantId"));
      const current = await directory.getEnvironment(c.req.param("id"));
      const archived: Environment = current.archived_at ? current : { ...current, archived_at: new Date().toISOString() };
      await stopWorkOf(c.env, c.get("tenantId"), current.id);
      await forgetEnvironmentKeys(c.env, await directory.putEnvironment(archived));
      return answer(c, archived);
    },
  )
  .delete(
    "/:id",
    operation({
      operationId: "deleteEnvironment",
      summary: "Delete an environment",
      tag: "Environments",
      responses: { 200: DeletedEnvironment },
    }),
    async (c) => {
      const directory = directoryOf(c.env, c.get("tenantId"));
      const current = await directory.getEnvironment(c.req.param("id"));
      await stopWorkOf(c.env, c.get("tenantId"), current.id);
      await forgetEnvironmentKeys(c.env, await directory.deleteEnvironment(current.id));
      return answer(c, { id: c.req.param("id"), type: "environment_deleted" });
    },
  );
