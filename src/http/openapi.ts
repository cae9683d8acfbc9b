/**
 * OpenAPI pieces every route shares: the problem body, and the error responses of a route
 * computed from the problem kinds it can answer with. Each error status of an operation lists
 * the problem types it stands for (`x-problem-types`, the `type` URIs), so a client or a
 * fuzzer knows exactly which refusals an operation gives, and the contract test checks that
 * every problem the server answers with is listed for that operation and status.
 *
 * @module
 */

import { z } from "@hono/zod-openapi";
import { PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, type ProblemKind, problemType } from "./problem.ts";

/** Every error response body: RFC 9457 members, and extension members per type. */
export const ProblemBody = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional().openapi({ description: "`internal` (500): the incident id to report" }),
}).passthrough().openapi("Problem");

/** What every `/v1` operation can answer: authentication, scope, rate, body size, audit, database, faults. */
export const V1_PROBLEMS: readonly ProblemKind[] = [
  "unauthorized",
  "token-expired",
  "forbidden",
  "rate-limited",
  "payload-too-large",
  "audit-unavailable",
  "storage-unavailable",
  "internal",
];

/** What an operation with path, query or body parameters adds: the contract check. */
export const INPUT_PROBLEMS: readonly ProblemKind[] = ["validation"];

/** What an operation with a JSON body adds: a body that is not JSON, or that ended early. */
export const BODY_PROBLEMS: readonly ProblemKind[] = ["http-error", "bad-request", "unsupported-media-type"];

/** An error response as documented: its description, problem content and problem types. */
export interface ProblemResponse {
  readonly description: string;
  readonly content: { readonly [PROBLEM_MEDIA_TYPE]: { readonly schema: typeof ProblemBody } };
  readonly "x-problem-types": readonly string[];
}

/** The error responses for `kinds`, one per status, each naming its problem types. */
export function problemResponsesOf(kinds: Iterable<ProblemKind>): Record<number, ProblemResponse> {
  const byStatus = new Map<number, ProblemKind[]>();
  for (const kind of new Set(kinds)) {
    const { status } = PROBLEM_TYPES[kind];
    byStatus.set(status, [...(byStatus.get(status) ?? []), kind]);
  }
  const responses: Record<number, ProblemResponse> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const group = byStatus.get(status) ?? [];
    responses[status] = {
      description: group.map((kind) => `\`${kind}\`: ${PROBLEM_TYPES[kind].title}`).join("; "),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemBody } },
      "x-problem-types": group.map(problemType),
    };
  }
  return responses;
}
