/**
 * Import tokens (wrapped import): issue, take once, purge. Taking is one `DELETE … RETURNING`,
 * so of two replicas presenting the same token at once only one gets the row.
 *
 * @module
 */

import { and, eq, lte, ne } from "drizzle-orm";
import type { Database } from "./client.ts";
import { type ImportKeyRow, importKeys } from "./schema/import-keys.ts";

/** Stores a new import token. */
export async function insertImportKey(db: Database, row: typeof importKeys.$inferInsert): Promise<void> {
  await db.insert(importKeys).values(row);
}

/**
 * Deletes and returns the token `id` of `owner`, expired or not (the caller tells them
 * apart); `undefined` when there is none for that owner (unknown, used, another owner's).
 */
export async function takeImportKey(db: Database, id: string, owner: string): Promise<ImportKeyRow | undefined> {
  const [row] = await db.delete(importKeys).where(and(eq(importKeys.id, id), eq(importKeys.owner, owner)))
    .returning();
  return row;
}

/** Deletes the tokens expired at `now`; returns how many. */
export async function purgeExpiredImportKeys(db: Database, now: Date): Promise<number> {
  return (await db.delete(importKeys).where(lte(importKeys.expiresAt, now)).returning({ id: importKeys.id })).length;
}

/** Deletes the tokens whose envelope another root than `rootId` sealed (before that root retires). */
export async function deleteImportKeysNotUnder(db: Database, rootId: Uint8Array): Promise<number> {
  return (await db.delete(importKeys).where(ne(importKeys.rootId, rootId)).returning({ id: importKeys.id })).length;
}
