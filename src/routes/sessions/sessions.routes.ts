/**
 * The session routes: establish (two KEM modes), confirm, seal, open, end. All need the
 * `sessions:use` scope; establishing with a stored gateway key also checks the token's key
 * pattern. A session belongs to the token that established it: another token's id (of any
 * owner), or a session whose key the token's pattern no longer allows, is `session-not-found`.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, ok } from "../../http/api-route.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { toBase64Url } from "../../common/base64url.ts";
import { ProblemBody, problemResponses } from "../../http/openapi.ts";
import { validationHook } from "../../http/validation.ts";
import type { SessionService } from "../../services/sessions/session-service.ts";
import { sessionJson } from "./sessions.handlers.ts";
import {
  ConfirmBody,
  ConfirmedBody,
  CreateSessionBody,
  OpenBody,
  OpenedBody,
  SealBody,
  SealedBody,
  SessionBody,
  SessionParams,
} from "./sessions.schemas.ts";

const problems = {
  ...problemResponses,
  410: { description: "Session expired", content: { "application/problem+json": { schema: ProblemBody } } },
};
const tags = ["sessions"];

const EMPTY = new Uint8Array(0);

const createSession = apiRoute({
  method: "post",
  path: "/v1/sessions",
  audit: { action: "sessions.create" },
  tags,
  summary: "Establish a session key through a KEM (client-key or gateway-key mode)",
  description: "Derive the key and check `confirmation` as docs/SESSIONS.md in the repository describes.",
  request: { body: json(CreateSessionBody) },
  responses: { 201: ok("The session", SessionBody), ...problems },
});
const confirmSession = apiRoute({
  method: "post",
  path: "/v1/sessions/{id}/confirm",
  audit: { action: "sessions.confirm" },
  tags,
  summary: "Prove the client derived the same key (a mismatch ends the session)",
  request: { params: SessionParams, body: json(ConfirmBody) },
  responses: { 200: ok("Confirmed", ConfirmedBody), ...problems },
});
const seal = apiRoute({
  method: "post",
  path: "/v1/sessions/{id}/seal",
  audit: { action: "sessions.seal" },
  tags,
  summary: "Seal under the session key (AES-256-GCM, random nonce prepended)",
  request: { params: SessionParams, body: json(SealBody) },
  responses: { 200: ok("The sealed data", SealedBody), ...problems },
});
const open = apiRoute({
  method: "post",
  path: "/v1/sessions/{id}/open",
  audit: { action: "sessions.open" },
  tags,
  summary: "Open data sealed under the session key",
  request: { params: SessionParams, body: json(OpenBody) },
  responses: { 200: ok("The plaintext", OpenedBody), ...problems },
});
const endSession = apiRoute({
  method: "delete",
  path: "/v1/sessions/{id}",
  audit: { action: "sessions.end" },
  tags,
  summary: "End a session and wipe its key",
  request: { params: SessionParams },
  responses: { 204: { description: "Ended" }, ...problems },
});

/** The session routes. */
export function sessionRoutes(sessions: SessionService): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(createSession, async (c) => {
      const body = c.req.valid("json");
      if (body.mode === "client-key") {
        const holder = authorize(c, "sessions:use");
        return c.json(sessionJson(sessions.createWithClientKey({ ...body, holder })), 201);
      }
      const holder = authorize(c, "sessions:use", body.keyName);
      return c.json(sessionJson(await sessions.createWithGatewayKey({ ...body, holder }), body.keyName), 201);
    })
    .openapi(confirmSession, (c) => {
      const holder = authorize(c, "sessions:use");
      sessions.confirm(holder, c.req.valid("param").id, c.req.valid("json").confirmation);
      return c.json({ confirmed: true as const }, 200);
    })
    .openapi(seal, (c) => {
      const holder = authorize(c, "sessions:use");
      const { plaintext, aad } = c.req.valid("json");
      const sealed = sessions.seal(holder, c.req.valid("param").id, plaintext, aad ?? EMPTY);
      plaintext.fill(0);
      return c.json({ sealed: toBase64Url(sealed) }, 200);
    })
    .openapi(open, (c) => {
      const holder = authorize(c, "sessions:use");
      const { sealed, aad } = c.req.valid("json");
      const plaintext = sessions.open(holder, c.req.valid("param").id, sealed, aad ?? EMPTY);
      const text = toBase64Url(plaintext);
      plaintext.fill(0);
      return c.json({ plaintext: text }, 200);
    })
    .openapi(endSession, (c) => {
      const holder = authorize(c, "sessions:use");
      sessions.end(holder, c.req.valid("param").id);
      return c.body(null, 204);
    });
}
