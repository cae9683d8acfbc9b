/**
 * JSON views of session results.
 *
 * @module
 */

import type { z } from "@hono/zod-openapi";
import { toBase64Url } from "../../common/base64url.ts";
import type { EstablishedSession } from "../../services/sessions/session-service.ts";
import type { SessionBody } from "./sessions.schemas.ts";

/** An established session as the API returns it. */
export function sessionJson(session: EstablishedSession, keyName?: string): z.infer<typeof SessionBody> {
  return {
    sessionId: toBase64Url(session.sessionId),
    mode: session.mode,
    algorithm: session.algorithm,
    expiresAt: session.expiresAt.toISOString(),
    confirmation: toBase64Url(session.confirmation),
    ...(session.ciphertext === undefined ? {} : { ciphertext: toBase64Url(session.ciphertext) }),
    ...(keyName === undefined ? {} : { keyName }),
    ...(session.version === undefined ? {} : { version: session.version }),
  };
}
