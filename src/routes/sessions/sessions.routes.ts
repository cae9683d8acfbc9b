/**
 * The session routes: establish (two KEM modes), confirm, seal, open, end. All need the
 * `sessions:use` scope; establishing with a stored gateway key also checks the token's key
 * pattern. A session belongs to the token that established it: another token's id (of any
 * owner), or a session whose key the token's pattern no longer allows, is `session-not-found`.
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, json, link, ok } from "../../http/api-route.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { toBase64Url } from "../../common/base64url.ts";
import { validationHook } from "../../http/validation.ts";
import type { SessionService } from "../../services/sessions/session-service.ts";
import { sessionJson } from "./sessions.handlers.ts";
import { KEY_USE_PROBLEMS } from "../keys/keys.routes.ts";
import type { ProblemKind } from "../../http/problem.ts";
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

/** Refusals of every route on an established session. */
const FIND: ProblemKind[] = ["session-not-found", "session-expired"];
const byId = { id: "$response.body#/sessionId" };
const sameId = { id: "$request.path.id" };
const sessionLinks = (parameters: Record<string, string>) => ({
  confirm: link("sessionsConfirm", "Confirm the session key", { parameters }),
  seal: link("sessionsSeal", "Seal under the session key", { parameters }),
  end: link("sessionsEnd", "End the session", { parameters }),
});
const tags = ["sessions"];

const EMPTY = new Uint8Array(0);

const createSession = apiRoute({
  method: "post",
  path: "/v1/sessions",
  audit: { action: "sessions.create" },
  problems: [...KEY_USE_PROBLEMS, "unsupported-algorithm"],
  tags,
  summary: "Establish a session key through a KEM (client-key or gateway-key mode)",
  description: "Derive the key and check `confirmation` as docs/SESSIONS.md in the repository describes.",
  request: { body: json(CreateSessionBody) },
  responses: { 201: ok("The session", SessionBody, sessionLinks(byId)) },
});
const confirmSession = apiRoute({
  method: "post",
  path: "/v1/sessions/{id}/confirm",
  audit: { action: "sessions.confirm" },
  problems: [...FIND, "session-confirmation-failed"],
  tags,
  summary: "Prove the client derived the same key (a mismatch ends the session)",
  request: { params: SessionParams, body: json(ConfirmBody) },
  responses: { 200: ok("Confirmed", ConfirmedBody, sessionLinks(sameId)) },
});
const seal = apiRoute({
  method: "post",
  path: "/v1/sessions/{id}/seal",
  audit: { action: "sessions.seal" },
  problems: [...FIND, "invalid-crypto-input"],
  tags,
  summary: "Seal under the session key (AES-256-GCM, random nonce prepended)",
  request: { params: SessionParams, body: json(SealBody) },
  responses: {
    200: ok("The sealed data", SealedBody, {
      open: link("sessionsOpen", "Open the sealed data", {
        parameters: sameId,
        requestBody: { sealed: "$response.body#/sealed", aad: "$request.body#/aad" },
      }),
    }),
  },
});
const open = apiRoute({
  method: "post",
  path: "/v1/sessions/{id}/open",
  audit: { action: "sessions.open" },
  problems: [...FIND, "decryption-failed", "invalid-crypto-input"],
  tags,
  summary: "Open data sealed under the session key",
  request: { params: SessionParams, body: json(OpenBody) },
  responses: { 200: ok("The plaintext", OpenedBody) },
});
const endSession = apiRoute({
  method: "delete",
  path: "/v1/sessions/{id}",
  audit: { action: "sessions.end" },
  problems: FIND,
  tags,
  summary: "End a session and wipe its key",
  request: { params: SessionParams },
  responses: { 204: { description: "Ended" } },
});

/** The session routes. */
export function sessionRoutes(sessions: SessionService): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(createSession, async (c) => {
      const body = c.req.valid("json");
      if (body.mode === "client-key") {
        const holder = authorize(c, "sessions:use");
        return c.json(sessionJson(await sessions.createWithClientKey({ ...body, holder })), 201);
      }
      const holder = authorize(c, "sessions:use", body.keyName);
      return c.json(sessionJson(await sessions.createWithGatewayKey({ ...body, holder }), body.keyName), 201);
    })
    .openapi(confirmSession, async (c) => {
      const holder = authorize(c, "sessions:use");
      await sessions.confirm(holder, c.req.valid("param").id, c.req.valid("json").confirmation);
      return c.json({ confirmed: true as const }, 200);
    })
    .openapi(seal, async (c) => {
      const holder = authorize(c, "sessions:use");
      const { plaintext, aad } = c.req.valid("json");
      const sealed = await sessions.seal(holder, c.req.valid("param").id, plaintext, aad ?? EMPTY);
      plaintext.fill(0);
      return c.json({ sealed: toBase64Url(sealed) }, 200);
    })
    .openapi(open, async (c) => {
      const holder = authorize(c, "sessions:use");
      const { sealed, aad } = c.req.valid("json");
      const plaintext = await sessions.open(holder, c.req.valid("param").id, sealed, aad ?? EMPTY);
      const text = toBase64Url(plaintext);
      plaintext.fill(0);
      return c.json({ plaintext: text }, 200);
    })
    .openapi(endSession, async (c) => {
      const holder = authorize(c, "sessions:use");
      await sessions.end(holder, c.req.valid("param").id);
      return c.body(null, 204);
    });
}
