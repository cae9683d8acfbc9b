/**
 * Root-key administration: rotate the keystore's root key (every stored envelope re-wrapped,
 * older roots retired) or finish an interrupted rotation. Needs `keystore:admin`.
 *
 * @module
 */

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, authorize } from "../../http/auth.ts";
import { problemResponses } from "../../http/openapi.ts";
import type { RootRotationReport } from "../../services/keys/root-rotation.ts";

/** What the routes drive (built in `start.ts` over the database and keystore). */
export interface RootKeyAdmin {
  rotate(): Promise<RootRotationReport>;
  finish(): Promise<RootRotationReport>;
}

const ReportBody = z.object({
  root: z.object({ id: z.string().openapi({ description: "hex" }), sequence: z.number().int() }),
  rewrapped: z.number().int(),
  failed: z.number().int(),
  retired: z.number().int(),
}).openapi("RootRotationReport");

const route = (path: string, summary: string) =>
  createRoute({
    method: "post",
    path,
    tags: ["keystore"],
    summary,
    security: [{ bearer: [] }],
    responses: {
      200: { description: "What was done", content: { "application/json": { schema: ReportBody } } },
      ...problemResponses,
    },
  });

function json(report: RootRotationReport): z.infer<typeof ReportBody> {
  const { root, rewrapped, failed, retired } = report;
  return { root: { id: root.idHex, sequence: root.sequence }, rewrapped, failed, retired };
}

/** The root-key routes. */
export function rootKeyRoutes(admin: RootKeyAdmin): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>()
    .openapi(route("/v1/keystore/root/rotate", "Rotate the root key and re-wrap every stored key"), async (c) => {
      authorize(c, "keystore:admin");
      return c.json(json(await admin.rotate()), 200);
    })
    .openapi(route("/v1/keystore/root/finish", "Finish an interrupted root rotation"), async (c) => {
      authorize(c, "keystore:admin");
      return c.json(json(await admin.finish()), 200);
    });
}
