/**
 * Root-key administration: rotate the keystore's root key (every stored envelope re-wrapped,
 * older roots retired) or finish an interrupted rotation. Needs `keystore:admin`.
 *
 * @module
 */

import { OpenAPIHono, z } from "@hono/zod-openapi";
import { apiRoute, ok } from "../../http/api-route.ts";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import type { RootRotationReport } from "../../services/keys/root-rotation.ts";

/** What the routes drive (built in `start.ts` over the database and keystore). */
export interface RootKeyAdmin {
  rotate(): Promise<RootRotationReport>;
  finish(): Promise<RootRotationReport>;
}

const ReportBody = z.object({
  root: z.object({ id: z.string().openapi({ description: "hex" }), sequence: z.number().int() }),
  rewrapped: z.number().int().openapi({ description: "Key-version envelopes moved to the new root" }),
  auditChainKeyRewrapped: z.boolean().openapi({ description: "Whether the audit chain's MAC key moved too" }),
  keyBindingKeyRewrapped: z.boolean().openapi({ description: "Whether the key-binding MAC key moved too" }),
  sessionsRewrapped: z.number().int().openapi({ description: "Live sessions' key envelopes moved to the new root" }),
  failed: z.number().int(),
  retired: z.number().int(),
}).openapi("RootRotationReport");

const route = (path: string, action: string, summary: string) =>
  apiRoute({
    method: "post",
    path,
    audit: { action },
    problems: ["keystore-unavailable", "conflict"],
    tags: ["keystore"],
    summary,
    responses: { 200: ok("What was done", ReportBody) },
  });

function reportJson(report: RootRotationReport): z.infer<typeof ReportBody> {
  return { ...report, root: { id: report.root.idHex, sequence: report.root.sequence } };
}

/** The root-key routes. */
export function rootKeyRoutes(admin: RootKeyAdmin): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>()
    .openapi(
      route("/v1/keystore/root/rotate", "keystore.rotate", "Rotate the root key and re-wrap every stored key"),
      async (c) => {
        authorize(c, "keystore:admin");
        return c.json(reportJson(await admin.rotate()), 200);
      },
    )
    .openapi(route("/v1/keystore/root/finish", "keystore.finish", "Finish an interrupted root rotation"), async (c) => {
      authorize(c, "keystore:admin");
      return c.json(reportJson(await admin.finish()), 200);
    });
}
