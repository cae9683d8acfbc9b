/**
 * Contracts of the token routes.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { freeText, integer } from "../../http/fields.ts";
import { SCOPES } from "../../services/auth/scopes.ts";

/** A token id or sync account id: any RFC 9562 UUID (the pattern is the one zod checks). */
const Uuid = () => z.uuid().openapi({ pattern: z.regexes.uuid().source });

/** A token lifetime in seconds: a minute to ten years (the maximum, `PQGATE_TOKEN_MAX_TTL`, may be lower). */
const TtlSeconds = () => integer(60, 10 * 365 * 86400);

/** `POST /v1/tokens`. */
export const CreateTokenBody = z.object({
  name: freeText(1, 128),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
  keyPattern: z.string().regex(/^[A-Za-z0-9._*-]{1,128}$/, "key names with * wildcards").default("*"),
  syncAccount: Uuid().optional().openapi({
    description: "Scope the token to this sync account of the owner (needs the sync:device scope): it acts on " +
      "no other account. Recommended for device tokens; a creator scoped to an account must name its own.",
  }),
  expiresAt: z.iso.datetime({ offset: true }).max(40).optional().openapi({
    description: "When the token stops working (not with ttlSeconds). A token without tokens:admin expires at " +
      "most PQGATE_TOKEN_MAX_TTL (default 90 days) after creation, beyond is 400 token-lifetime-invalid; " +
      "without expiresAt and ttlSeconds it gets exactly that maximum, and an admin token never expires.",
  }),
  ttlSeconds: TtlSeconds().optional().openapi({ description: "The token's lifetime from now (not with expiresAt)" }),
}).strict().openapi("CreateToken");

/** A token as listed (no secret). */
export const TokenBody = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  keyPattern: z.string(),
  syncAccount: z.uuid().nullable().openapi({
    description: "The one sync account the token acts on; null: owner-wide.",
  }),
  createdAt: z.string().openapi({ format: "date-time" }),
  revokedAt: z.string().nullable().openapi({ format: "date-time" }),
  expiresAt: z.string().nullable().openapi({
    format: "date-time",
    description: "After this the token is refused with 401 token-expired; null: it never expires (admin tokens).",
  }),
  lastUsedAt: z.string().nullable().openapi({
    format: "date-time",
    description: "When the token was last used, to about a minute (recorded at most once a minute per " +
      "gateway process); null: not used since this was recorded.",
  }),
}).openapi("Token");

/** The one response that carries a secret. */
export const CreatedTokenBody = TokenBody.extend({
  secret: z.string().openapi({ description: "The bearer secret; shown only in this response." }),
}).openapi("CreatedToken");

/** `GET /v1/tokens`. */
export const TokenListBody = z.object({ tokens: z.array(TokenBody) }).openapi("TokenList");

/** `POST /v1/tokens/{id}/renew`. */
export const RenewTokenBody = z.object({
  ttlSeconds: TtlSeconds().optional().openapi({
    description: "The new lifetime from now; at most PQGATE_TOKEN_MAX_TTL, which is also the default",
  }),
}).strict().openapi("RenewToken");

/** `DELETE /v1/tokens/{id}`, `POST /v1/tokens/{id}/renew`. */
export const TokenParams = z.object({ id: Uuid().openapi({ param: { name: "id", in: "path" } }) });
