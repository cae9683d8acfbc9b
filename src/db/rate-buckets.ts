/**
 * The cluster's per-token rate buckets (`rate_buckets`): one statement per flush takes each
 * replica's admissions off the shared buckets and reads them back, refilled to the database's
 * clock, so every replica sees what the others admitted (`services/auth/rate-limiter.ts`).
 *
 * @module
 */

import { sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { rowsOf } from "./raw.ts";

/** A replica's admissions of one token since its last flush (`taken` may be 0: read only). */
export interface RateAdmissions {
  readonly id: string;
  readonly taken: number;
}

/** A shared bucket after a flush: requests left now (may be negative: the cluster overdrew it). */
export interface SharedBucket {
  readonly id: string;
  readonly tokens: number;
}

/**
 * Refills the buckets of `admissions` to now (at `perSecond`, up to `burst`), takes off what
 * was taken, and returns every named bucket's level. A bucket never written is full; rows
 * only read are not written.
 */
export async function flushRateBuckets(
  db: Database,
  limit: { readonly perSecond: number; readonly burst: number },
  admissions: readonly RateAdmissions[],
): Promise<SharedBucket[]> {
  if (admissions.length === 0) return [];
  const taken = admissions.filter((a) => a.taken > 0);
  const read = admissions.filter((a) => a.taken === 0).map((a) => a.id);
  const burst = sql`${limit.burst}::float8`;
  const rate = sql`${limit.perSecond}::float8`;
  const now = sql`(extract(epoch from clock_timestamp()) * 1000)::float8`;
  const level = (tokens: string, at: string) =>
    sql`least(${burst}, ${sql.raw(tokens)} + greatest(0, ${now} - ${sql.raw(at)}) / 1000 * ${rate})`;
  const upsert = taken.length === 0 ? sql`select null::text as token_id, 0::float8 as tokens where false` : sql`
    insert into rate_buckets as b (token_id, tokens, at)
    select v.id, ${burst} - v.n, ${now}
    from (values ${sql.join(taken.map((a) => sql`(${a.id}::text, ${a.taken}::float8)`), sql`, `)}) as v(id, n)
    on conflict (token_id) do update
      set tokens = ${level("b.tokens", "b.at")} - (${burst} - excluded.tokens), at = greatest(b.at, excluded.at)
    returning b.token_id, b.tokens`;
  const readBack = read.length === 0 ? sql`select null::text, 0::float8 where false` : sql`
    select token_id, ${level("tokens", "at")} from rate_buckets
    where token_id in (${sql.join(read.map((id) => sql`${id}`), sql`, `)})`;
  const result = await db.execute(sql`with up as (${upsert}) select token_id, tokens from up union all ${readBack}`);
  return rowsOf<{ token_id: string; tokens: number | string }>(result).map((r) => ({
    id: r.token_id,
    tokens: Number(r.tokens),
  }));
}

/** Deletes buckets untouched for an hour (they are full again by then: as if absent); returns how many. */
export async function purgeIdleRateBuckets(db: Database): Promise<number> {
  const rows = await db.execute(
    sql`delete from rate_buckets where at < (extract(epoch from clock_timestamp()) * 1000)::float8 - 3600000 returning token_id`,
  );
  return rowsOf(rows).length;
}
