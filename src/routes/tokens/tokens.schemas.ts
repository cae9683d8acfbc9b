/**
 * Contracts of the token routes.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { freeText } from "../../http/fields.ts";
import { SCOPES } from "../../services/auth/scopes.ts";

/** A token id or sync account id: any RFC 9562 UUID (the pattern is the one zod checks). */
const Uuid = () => z.uuid().openapi({ pattern: z.regexes.uuid().source });

/** `POST /v1/tokens`. */
export const CreateTokenBody = z.object({
  name: freeText(1, 128),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
  keyPattern: z.string().regex(/^[A-Za-z0-9._*-]{1,128}$/, "key names with * wildcards").default("*"),
  syncAccount: Uuid().optional().openapi({
    description: "Scope the token to this sync account of the owner (needs the sync:device scope): it acts on " +
      "no other account. Recommended for device tokens; a creator scoped to an account must name its own.",
  }),
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
}).openapi("Token");

/** The one response that carries a secret. */
export const CreatedTokenBody = TokenBody.extend({
  secret: z.string().openapi({ description: "The bearer secret; shown only in this response." }),
}).openapi("CreatedToken");

/** `GET /v1/tokens`. */
export const TokenListBody = z.object({ tokens: z.array(TokenBody) }).openapi("TokenList");

/** `DELETE /v1/tokens/{id}`. */
export const TokenParams = z.object({ id: Uuid().openapi({ param: { name: "id", in: "path" } }) });
