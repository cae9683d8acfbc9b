/**
 * JSON views of session results, and the mapping of session refusals to problems.
 *
 * @module
 */

import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { toBase64Url } from "../../common/base64url.ts";
import { problem, problemResponse } from "../../http/problem.ts";
import { SessionError } from "../../services/sessions/errors.ts";
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

/**
 * The session routes' `onError`: session refusals become problems here (the app's
 * `domainProblem` table does not know them); anything else goes on to the app's handler.
 */
export function sessionErrors(error: Error, _c: Context): Response {
  if (error instanceof SessionError) {
    return problemResponse(problem(error.kind, error.message, { extensions: error.extensions }));
  }
  throw error;
}
