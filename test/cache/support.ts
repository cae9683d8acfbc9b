/**
 * Shared by the cache tests: waiting for a condition within the invalidation bound, and
 * telling the audit trail's queries from the read path's.
 *
 * @module
 */

/** The documented bound within which a change reaches every replica (docs/SCALING.md). */
export const INVALIDATION_BOUND_MS = 1_000;

/**
 * Polls `condition` every 10 ms until it holds; throws `what` when it still does not after
 * `withinMs`. The bound is the behaviour under test, not a performance figure.
 */
export async function within(
  withinMs: number,
  what: string,
  condition: () => boolean | Promise<boolean>,
): Promise<void> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    if (await condition()) return;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Whether a query is the coarse last-use write of tokens (`services/auth/token-usage.ts`): at
 * most once a minute per token, never once per request.
 */
export function isUsageWrite(query: string): boolean {
  return /^update "tokens" set "last_used_at"/.test(query);
}

/** Whether a query belongs to the audit append (the one database write a signature may cost). */
export function isAuditQuery(query: string): boolean {
  return /"audit_log"|"audit_chain_key"|pg_advisory_xact_lock|lock_timeout/.test(query);
}
