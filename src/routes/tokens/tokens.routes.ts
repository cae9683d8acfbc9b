/**
 * Token management: create (the secret is shown once), list, renew, revoke. Needs `tokens:admin`;
 * tokens are created for the caller's own tenant and never beyond the caller's own authority
 * (scopes it holds, a key pattern within its own, no operator scope: docs/API.md#scopes).
 *
 * @module
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, link } from "../../http/api-route.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { problemResponse } from "../../http/problem.ts";
import { validationHook } from "../../http/validation.ts";
import type { TokenService, TokenView } from "../../services/auth/token-service.ts";
import {
  CreatedTokenBody,
  CreateTokenBody,
  RenewTokenBody,
  TokenBody,
  TokenListBody,
  TokenParams,
} from "./tokens.schemas.ts";

function tokenJson(token: TokenView) {
  return {
    id: token.id,
    name: token.name,
    scopes: [...token.scopes],
    keyPattern: token.keyPattern,
    syncAccount: token.syncAccount,
    createdAt: token.createdAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}

/** Set on the answer when a token revoked itself, so a client does not go on using it unaware. */
export const SELF_REVOKED_HEADER = "pqgate-self-revoked";

const createToken = apiRoute({
  method: "post",
  path: "/v1/tokens",
  audit: { action: "tokens.create" },
  problems: [
    "scope-not-held",
    "scope-operator-only",
    "key-pattern-not-contained",
    "key-pattern-too-complex",
    "token-beyond-authority",
    "token-sync-account-invalid",
    "token-sync-account-not-contained",
    "token-lifetime-invalid",
  ],
  tags: ["tokens"],
  summary: "Create a token (its secret is shown once); without tokens:admin it expires within PQGATE_TOKEN_MAX_TTL",
  request: { body: { content: { "application/json": { schema: CreateTokenBody } }, required: true } },
  responses: {
    201: {
      description: "The token and its secret",
      content: { "application/json": { schema: CreatedTokenBody } },
      links: {
        revoke: link("tokensRevoke", "Revoke the new token", { parameters: { id: "$response.body#/id" } }),
        renew: link("tokensRenew", "Renew the new token", { parameters: { id: "$response.body#/id" } }),
      },
    },
  },
});
const listTokens = apiRoute({
  method: "get",
  path: "/v1/tokens",
  audit: { action: "tokens.list" },
  problems: [],
  tags: ["tokens"],
  summary: "List the tenant's tokens (no secrets)",
  responses: {
    200: { description: "Tokens", content: { "application/json": { schema: TokenListBody } } },
  },
});
const renewToken = apiRoute({
  method: "post",
  path: "/v1/tokens/{id}/renew",
  audit: { action: "tokens.renew" },
  problems: ["token-not-found", "token-beyond-authority", "token-lifetime-invalid"],
  tags: ["tokens"],
  summary: "Extend a live token to ttlSeconds from now, at most PQGATE_TOKEN_MAX_TTL (revoked or expired: 404)",
  request: { params: TokenParams, body: { content: { "application/json": { schema: RenewTokenBody } } } },
  responses: {
    200: { description: "The token with its new expiresAt", content: { "application/json": { schema: TokenBody } } },
  },
});
const revokeToken = apiRoute({
  method: "delete",
  path: "/v1/tokens/{id}",
  audit: { action: "tokens.revoke" },
  problems: ["token-not-found", "token-beyond-authority", "last-admin-token"],
  tags: ["tokens"],
  summary: "Revoke a token at once",
  request: { params: TokenParams },
  responses: {
    204: {
      description: "Revoked. The owner's last live tokens:admin token is not revoked (409 last-admin-token).",
      headers: {
        [SELF_REVOKED_HEADER]: {
          description: "`true` when the token revoked itself: its next request is refused (401).",
          schema: { type: "string", enum: ["true"] },
        },
      },
    },
  },
});

/** The token routes. */
export function tokenRoutes(tokens: TokenService): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(createToken, async (c) => {
      const creator = authorize(c, "tokens:admin");
      const { expiresAt, ...input } = c.req.valid("json");
      const created = await tokens.createBy(creator, {
        ...input,
        ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt) }),
      });
      return c.json({ ...tokenJson(created), secret: created.secret }, 201);
    })
    .openapi(listTokens, async (c) => {
      const { owner } = authorize(c, "tokens:admin");
      return c.json({ tokens: (await tokens.list(owner)).map(tokenJson) }, 200);
    })
    .openapi(renewToken, async (c) => {
      const caller = authorize(c, "tokens:admin");
      const renewed = await tokens.renewBy(caller, c.req.valid("param").id, c.req.valid("json")?.ttlSeconds);
      if (renewed === undefined) return problemResponse(c, "token-not-found", "No such live token.") as never;
      return c.json(tokenJson(renewed), 200);
    })
    .openapi(revokeToken, async (c) => {
      const caller = authorize(c, "tokens:admin");
      const outcome = await tokens.revokeBy(caller, c.req.valid("param").id);
      if (outcome === "not-found") return problemResponse(c, "token-not-found", "No such live token.") as never;
      if (outcome === "self") c.header(SELF_REVOKED_HEADER, "true");
      return c.body(null, 204);
    });
}
