/**
 * The audit routes: verify the hash chain of the audit log. Needs `audit:read`; the chain spans
 * every tenant, so the scope is for operators, and the answer holds counts and hashes only.
 *
 * @module
 */

import { OpenAPIHono, type z } from "@hono/zod-openapi";
import { apiRoute } from "../../http/api-route.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { toBase64Url } from "../../common/base64url.ts";
import { validationHook } from "../../http/validation.ts";
import type { AuditService, AuditVerdict } from "../../services/audit/audit-service.ts";
import { AuditVerdictBody } from "./audit.schemas.ts";

const verifyAudit = apiRoute({
  method: "get",
  path: "/v1/audit/verify",
  audit: { action: "audit.verify" },
  problems: ["keystore-unavailable"],
  tags: ["audit"],
  summary: "Recompute the audit log's hash chain and report its first break",
  responses: {
    200: {
      description: "The verdict (200 also when the chain is broken: the check itself succeeded)",
      content: { "application/json": { schema: AuditVerdictBody } },
    },
  },
});

function verdictJson(verdict: AuditVerdict): z.infer<typeof AuditVerdictBody> {
  return verdict.ok ? { ...verdict, head: verdict.head === null ? null : toBase64Url(verdict.head) } : verdict;
}

/** The audit routes. */
export function auditRoutes(audit: AuditService): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(verifyAudit, async (c) => {
      authorize(c, "audit:read");
      return c.json(verdictJson(await audit.verify()), 200);
    });
}
