/**
 * The contract form of a hybrid signature scheme (`src/common/hybrid.ts`): an inline integer
 * enum, rather than a union of literals (which client generators turn into one type per value)
 * or a shared component (which a per-use description would wrap in an `allOf` they cannot read).
 *
 * @module
 */

import { z } from "@hono/zod-openapi";

/** `1` or `2` (docs/API.md, "Hybrid signatures"), described for its use. */
export function hybridSchemeSchema(description: string): z.ZodUnion<readonly [z.ZodLiteral<1>, z.ZodLiteral<2>]> {
  return z.union([z.literal(1), z.literal(2)]).openapi({ type: "integer", enum: [1, 2], description });
}
