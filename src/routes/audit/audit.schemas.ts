/**
 * Contracts of the audit routes.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";

/** `GET /v1/audit/verify`: the chain verified from its first row, or its first break. */
export const AuditVerdictBody = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    rows: z.number().int().openapi({ description: "Rows verified (the whole log)." }),
    head: z.string().nullable().openapi({
      description: "The last row's hash, base64url; null for an empty log. Keep it elsewhere: a later " +
        "verification whose chain no longer reaches it shows rows removed from the end.",
    }),
  }).openapi("AuditIntact"),
  z.object({
    ok: z.literal(false),
    rows: z.number().int().openapi({ description: "Rows verified before the break." }),
    firstBrokenSeq: z.number().int().openapi({
      description: "The first row whose prev_hash or hash does not match, or the first missing seq.",
    }),
    reason: z.string(),
  }).openapi("AuditBroken"),
]).openapi("AuditVerdict");
