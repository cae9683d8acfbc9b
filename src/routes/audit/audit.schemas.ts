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
    authenticatedFrom: z.number().int().nullable().openapi({
      description: "The first seq authenticated by the keystore-held chain key (a MAC on every batch's last " +
        "row); null while no key exists (nothing appended since the upgrade).",
    }),
    unauthenticatedThrough: z.number().int().openapi({
      description: "Rows 1 to this were written before the chain key existed: they are covered by the hash " +
        "chain (and, once a later row is authenticated, can no longer be changed unnoticed) but were never " +
        "authenticated when written. 0: the whole log is authenticated. Fixed once the key exists: keep it " +
        "with the head; a larger value later means the key row was replaced.",
    }),
  }).openapi("AuditIntact"),
  z.object({
    ok: z.literal(false),
    rows: z.number().int().openapi({ description: "Rows verified before the break." }),
    firstBrokenSeq: z.number().int().openapi({
      description: "The first row whose prev_hash, hash or head_mac does not match, the first missing seq, " +
        "or the first row of a tail no valid head_mac covers.",
    }),
    reason: z.string(),
  }).openapi("AuditBroken"),
]).openapi("AuditVerdict");
