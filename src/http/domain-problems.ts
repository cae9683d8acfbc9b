/**
 * The one mapping of domain refusals to problem details: a {@link DomainError}'s kind is its
 * problem type, its message the `detail`, its extensions (and a retry hint, as
 * `retryAfterSeconds`) extension members. Foreign faults (native statuses, database outages)
 * are classified by the services layer's `domainErrorOf` before they get here.
 *
 * @module
 */

import type { Context } from "hono";
import { type DomainError, domainErrorOf } from "../services/errors.ts";
import { type Problem, problem, type ProblemOptions, problemResponse } from "./problem.ts";

/** The problem for an expected refusal, or `undefined` for an internal fault. */
export function domainProblem(error: unknown): Problem | undefined {
  const refused = domainErrorOf(error);
  return refused === undefined ? undefined : problem(refused.kind, refused.message, optionsOf(refused));
}

/** Answers `c` with the problem for an expected refusal; `undefined` for an internal fault. */
export function domainProblemResponse(c: Context, error: unknown): Response | undefined {
  const refused = domainErrorOf(error);
  if (refused === undefined) return undefined;
  return problemResponse(c, refused.kind, refused.message, {
    ...optionsOf(refused),
    retryAfterSeconds: refused.retryAfterSeconds,
  });
}

function optionsOf(refused: DomainError): ProblemOptions {
  const retry = refused.retryAfterSeconds > 0 ? { retryAfterSeconds: refused.retryAfterSeconds } : {};
  return { extensions: { ...refused.extensions, ...retry } };
}
