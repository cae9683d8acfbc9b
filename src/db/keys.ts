/**
 * Repository of the key aggregate (`keys` and `key_versions`). Every change that touches more
 * than one row runs in one transaction, and every read-modify-write is a single conditional
 * statement, so concurrent requests and replicas cannot lose an update.
 *
 * @module
 */

import { isUuid } from "../common/uuid.ts";
import { and, asc, eq, gt, inArray, isNotNull, isNull, like, lte, ne, or, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Database } from "./client.ts";
import {
  CHECK_VIOLATION,
  InvalidConfigError,
  KeyExistsError,
  sqlState,
  UNIQUE_VIOLATION,
  VersionConflictError,
  violatedConstraint,
} from "./errors.ts";
import { KEY_NAME_CONSTRAINT, type KEY_NAMESPACES, keyBindingKey, keys, keyVersions } from "./schema/index.ts";

export { InvalidConfigError, KeyExistsError, VersionConflictError } from "./errors.ts";

/** PostgreSQL's accepted `uuid` text form (hyphenated, any case). */

/** A key namespace: `user` (the key API's) or an internal one (`sync`: custodial account keys). */
export type KeyNamespace = typeof KEY_NAMESPACES[number];

/** A `keys` row. */
export type KeyRow = typeof keys.$inferSelect;
/** A `key_versions` row. */
export type KeyVersionRow = typeof keyVersions.$inferSelect;

/** What a caller chooses when creating a key; versions and timestamps are the repository's. */
export interface NewKey {
  /**
   * The key's id, when the caller needs it before the insert: the first version's envelope
   * binds the key id in its associated data, so it is sealed before the row exists. A random
   * UUID when absent.
   */
  readonly id?: string | undefined;
  readonly owner: string;
  /** `user` when absent. */
  readonly namespace?: KeyNamespace | undefined;
  readonly name: string;
  readonly algorithm: string;
  readonly protection: string;
  readonly autoRotateSeconds: number | null;
  readonly deletionAllowed: boolean;
}

/** Key material of one version: exactly one of `envelope` and `nativeReference` is set. */
export interface NewVersion {
  readonly publicKey: Uint8Array;
  readonly envelope: Uint8Array | null;
  readonly nativeReference: Uint8Array | null;
  /** Root wrapping key that sealed `envelope`; null for native keys. */
  readonly rootId: Uint8Array | null;
  /** The hybrid construction (1 or 2) of a `ML-DSA-65+Ed25519` version; null otherwise. */
  readonly hybridScheme: number | null;
}

/** A version with its MAC under the key-binding key, as it is inserted. */
export interface BoundNewVersion extends NewVersion {
  readonly bindingMac: Uint8Array;
}

/** The `key_binding_key` row. */
export type KeyBindingKeyRow = typeof keyBindingKey.$inferSelect;

/** Configuration a caller may change after creation. */
export interface KeyConfigPatch {
  readonly minDecryptionVersion?: number | undefined;
  readonly autoRotateSeconds?: number | null | undefined;
  readonly deletionAllowed?: boolean | undefined;
  /** False refuses every private-key use of the key until it is true again. */
  readonly enabled?: boolean | undefined;
  /** `rotate` or `refuse` when an encryption key's latest version reaches its message limit. */
  readonly messageLimitAction?: "rotate" | "refuse" | undefined;
}

/** A wrapped private key sealed under another root, as {@link envelopesNotUnderRoot} returns it. */
export interface StaleEnvelope {
  readonly keyId: string;
  readonly owner: string;
  readonly algorithm: string;
  readonly version: number;
  readonly envelope: Uint8Array;
}

/**
 * Creates a key at version 1 together with that version, atomically: a key never exists
 * without its first version.
 *
 * # Errors
 * {@link KeyExistsError} when `owner` already has a key named `name` (nothing is written).
 * Any other unique violation (a reused caller-chosen `id`) is rethrown as the driver raised it.
 */
export async function createKey(db: Database, key: NewKey, first: BoundNewVersion): Promise<KeyRow> {
  try {
    return await db.transaction(async (tx) => {
      const { id, namespace, ...rest } = key;
      // Left out when absent, so the column default (gen_random_uuid()) applies.
      const [row] = await tx.insert(keys)
        .values({ ...rest, namespace: namespace ?? "user", ...(id === undefined ? {} : { id }), latestVersion: 1 })
        .returning();
      if (row === undefined) throw new Error("INSERT ... RETURNING returned no row");
      await tx.insert(keyVersions).values({ keyId: row.id, version: 1, ...first });
      return row;
    });
  } catch (error) {
    // Detected by SQLSTATE rather than a prior SELECT, which two concurrent creates could both pass.
    if (sqlState(error) === UNIQUE_VIOLATION && violatedConstraint(error) === KEY_NAME_CONSTRAINT) {
      throw new KeyExistsError(key.owner, key.name, { cause: error });
    }
    throw error;
  }
}

/** The key `name` of `owner` in `namespace` (`user` unless given), if any. */
export async function findKey(
  db: Database,
  owner: string,
  name: string,
  namespace: KeyNamespace = "user",
): Promise<KeyRow | undefined> {
  const [row] = await db.select().from(keys)
    .where(and(eq(keys.owner, owner), eq(keys.namespace, namespace), eq(keys.name, name)));
  return row;
}

/** The read path's queries, built and prepared once per database handle. */
export interface KeyReads {
  /** The key `name` of `owner` in `namespace`, if any ({@link findKey}). */
  findKey(owner: string, name: string, namespace: KeyNamespace): Promise<KeyRow | undefined>;
  /** Version `version` of key `keyId`, if any ({@link getVersion}). */
  getVersion(keyId: string, version: number): Promise<KeyVersionRow | undefined>;
}

/** {@link KeyReads} on `db`: statements prepared once, with placeholders, so a request builds no query. */
export function prepareKeyReads(db: Database): KeyReads {
  const key = db.select().from(keys).where(and(
    eq(keys.owner, sql.placeholder("owner")),
    eq(keys.namespace, sql.placeholder("namespace")),
    eq(keys.name, sql.placeholder("name")),
  )).prepare("pqgate_find_key");
  const version = db.select().from(keyVersions).where(and(
    eq(keyVersions.keyId, sql.placeholder("keyId")),
    eq(keyVersions.version, sql.placeholder("version")),
  )).prepare("pqgate_get_version");
  return {
    findKey: async (owner, name, namespace) => (await key.execute({ owner, name, namespace }))[0],
    getVersion: async (keyId, v) => (await version.execute({ keyId, version: v }))[0],
  };
}

/** The key with id `id`, if any; a string that is no UUID finds nothing (rather than a 22P02 error). */
export async function findKeyById(db: Database, id: string): Promise<KeyRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(keys).where(eq(keys.id, id));
  return row;
}

/**
 * Up to `limit` keys of `owner` in `namespace` whose names match the key pattern `pattern`
 * (`*` wildcards; every name when absent), ordered by name, starting after the name `after`.
 * Keyset paging (rather than OFFSET) stays cheap on the (owner, namespace, name) index and
 * neither skips nor repeats keys when others are created or deleted between pages.
 */
export async function listKeys(
  db: Database,
  owner: string,
  page: {
    readonly after?: string | undefined;
    readonly limit: number;
    readonly pattern?: string | undefined;
    readonly namespace?: KeyNamespace | undefined;
  },
): Promise<KeyRow[]> {
  const after = page.after === undefined ? undefined : gt(keys.name, page.after);
  const matching = page.pattern === undefined || page.pattern === "*"
    ? undefined
    : like(keys.name, likePattern(page.pattern));
  return await db.select().from(keys)
    .where(and(eq(keys.owner, owner), eq(keys.namespace, page.namespace ?? "user"), after, matching))
    .orderBy(asc(keys.name))
    .limit(page.limit);
}

/** A key pattern as a LIKE pattern: `*` is `%`; `%`, `_` and `\` match only themselves. */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, "\\$&").replaceAll("*", "%");
}

/**
 * Adds version `expectedLatest + 1` to key `keyId` and returns its number.
 *
 * The bump is a compare-and-set on `latest_version`: of two rotations that read the same
 * latest version, the second's UPDATE waits for the first's row lock, then matches no row.
 *
 * # Errors
 * {@link VersionConflictError} when the key is no longer at `expectedLatest` or does not exist.
 */
export async function addVersion(
  db: Database,
  keyId: string,
  expectedLatest: number,
  v: BoundNewVersion,
): Promise<number> {
  return await db.transaction(async (tx) => {
    const [bumped] = await tx.update(keys)
      .set({ latestVersion: sql`${keys.latestVersion} + 1`, updatedAt: sql`now()` })
      .where(and(eq(keys.id, keyId), eq(keys.latestVersion, expectedLatest)))
      .returning({ latestVersion: keys.latestVersion });
    if (bumped === undefined) throw new VersionConflictError(keyId, expectedLatest);
    await tx.insert(keyVersions).values({ keyId, version: bumped.latestVersion, ...v });
    return bumped.latestVersion;
  });
}

/** Version `version` of key `keyId`, if any. */
export async function getVersion(db: Database, keyId: string, version: number): Promise<KeyVersionRow | undefined> {
  const [row] = await db.select().from(keyVersions).where(
    and(eq(keyVersions.keyId, keyId), eq(keyVersions.version, version)),
  );
  return row;
}

/** Every version of key `keyId`, oldest first. */
export async function listVersions(db: Database, keyId: string): Promise<KeyVersionRow[]> {
  return await db.select().from(keyVersions).where(eq(keyVersions.keyId, keyId)).orderBy(asc(keyVersions.version));
}

/** The versions of each of `keyIds` (one query), each list in version order; absent ids map to `[]`. */
export async function listVersionsOfKeys(
  db: Database,
  keyIds: readonly string[],
): Promise<Map<string, KeyVersionRow[]>> {
  const byKey = new Map<string, KeyVersionRow[]>(keyIds.map((id) => [id, []]));
  if (keyIds.length === 0) return byKey;
  const rows = await db.select().from(keyVersions).where(inArray(keyVersions.keyId, [...keyIds]))
    .orderBy(asc(keyVersions.keyId), asc(keyVersions.version));
  for (const row of rows) byKey.get(row.keyId)?.push(row);
  return byKey;
}

/**
 * Applies `patch` to key `keyId` and returns the updated row, or `undefined` when there is no
 * such key. Forbidding deletion also cancels a scheduled deletion, so a key never stays
 * scheduled for a deletion it no longer allows.
 *
 * # Errors
 * {@link InvalidConfigError} when the result would break a check constraint, e.g.
 * `minDecryptionVersion` outside 1..latest version; the database decides, so a concurrent
 * rotation cannot invalidate a check made beforehand.
 */
export async function updateKeyConfig(db: Database, keyId: string, patch: KeyConfigPatch): Promise<KeyRow | undefined> {
  const changes: PgUpdateSetSource<typeof keys> = { updatedAt: sql`now()` };
  if (patch.minDecryptionVersion !== undefined) changes.minDecryptionVersion = patch.minDecryptionVersion;
  if (patch.autoRotateSeconds !== undefined) changes.autoRotateSeconds = patch.autoRotateSeconds;
  if (patch.deletionAllowed !== undefined) changes.deletionAllowed = patch.deletionAllowed;
  if (patch.deletionAllowed === false) changes.deletionAfter = null;
  if (patch.enabled !== undefined) changes.enabled = patch.enabled;
  if (patch.messageLimitAction !== undefined) changes.messageLimitAction = patch.messageLimitAction;
  try {
    const [row] = await db.update(keys).set(changes).where(eq(keys.id, keyId)).returning();
    return row;
  } catch (error) {
    if (sqlState(error) === CHECK_VIOLATION) throw new InvalidConfigError(keyId, { cause: error });
    throw error;
  }
}

/**
 * Schedules key `keyId` for deletion at `after`; `false` when the key does not exist or does
 * not allow deletion. The permission is checked in the same statement, so a concurrent
 * `updateKeyConfig` forbidding deletion cannot slip between check and schedule.
 */
export async function scheduleDeletion(db: Database, keyId: string, after: Date): Promise<boolean> {
  const rows = await db.update(keys)
    .set({ deletionAfter: after, updatedAt: sql`now()` })
    .where(and(eq(keys.id, keyId), eq(keys.deletionAllowed, true)))
    .returning({ id: keys.id });
  return rows.length > 0;
}

/** Cancels a scheduled deletion of key `keyId`; `false` when there is no such key. */
export async function cancelDeletion(db: Database, keyId: string): Promise<boolean> {
  const rows = await db.update(keys)
    .set({ deletionAfter: null, updatedAt: sql`now()` })
    .where(eq(keys.id, keyId))
    .returning({ id: keys.id });
  return rows.length > 0;
}

/** Deletes key `keyId` and (by cascade, in the same statement) all its versions; `false` if absent. */
export async function deleteKey(db: Database, keyId: string): Promise<boolean> {
  const rows = await db.delete(keys).where(eq(keys.id, keyId)).returning({ id: keys.id });
  return rows.length > 0;
}

/** Keys whose scheduled deletion time is at or before `now` and that still allow deletion, earliest first. */
export async function keysDueForDeletion(db: Database, now: Date): Promise<KeyRow[]> {
  return await db.select().from(keys)
    .where(and(eq(keys.deletionAllowed, true), isNotNull(keys.deletionAfter), lte(keys.deletionAfter, now)))
    .orderBy(asc(keys.deletionAfter), asc(keys.id));
}

/**
 * Up to `limit` envelopes sealed under a root other than `rootId` (or under an unrecorded
 * one), for re-wrapping after a root key rotation. Call repeatedly until it returns nothing;
 * each {@link replaceEnvelope} moves a row out of the result.
 */
export async function envelopesNotUnderRoot(db: Database, rootId: Uint8Array, limit: number): Promise<StaleEnvelope[]> {
  const rows = await db
    .select({
      keyId: keyVersions.keyId,
      owner: keys.owner,
      algorithm: keys.algorithm,
      version: keyVersions.version,
      envelope: keyVersions.envelope,
    })
    .from(keyVersions)
    .innerJoin(keys, eq(keys.id, keyVersions.keyId))
    .where(and(isNotNull(keyVersions.envelope), or(isNull(keyVersions.rootId), ne(keyVersions.rootId, rootId))))
    .orderBy(asc(keyVersions.keyId), asc(keyVersions.version))
    .limit(limit);
  return rows.flatMap(({ envelope, ...row }) => (envelope === null ? [] : [{ ...row, envelope }]));
}

/**
 * Replaces the envelope of version `version` of key `keyId` with `next`, sealed under
 * `rootId`, only if it still holds exactly `expected`; `false` otherwise. The compare-and-set
 * lets several replicas re-wrap concurrently: a loser's write, made from bytes that changed
 * meanwhile, is refused instead of overwriting the winner's.
 */
export async function replaceEnvelope(
  db: Database,
  keyId: string,
  version: number,
  expected: Uint8Array,
  next: Uint8Array,
  rootId: Uint8Array,
): Promise<boolean> {
  const rows = await db.update(keyVersions)
    .set({ envelope: next, rootId })
    .where(and(eq(keyVersions.keyId, keyId), eq(keyVersions.version, version), eq(keyVersions.envelope, expected)))
    .returning({ version: keyVersions.version });
  return rows.length > 0;
}

/**
 * Keys with an auto-rotation period whose latest version is at least that old at `now`
 * (and that are not scheduled for deletion), oldest first, at most `limit`.
 */
export async function keysDueForRotation(db: Database, now: Date, limit: number): Promise<KeyRow[]> {
  const rows = await db.select({ key: keys }).from(keys)
    .innerJoin(keyVersions, and(eq(keyVersions.keyId, keys.id), eq(keyVersions.version, keys.latestVersion)))
    .where(and(
      isNotNull(keys.autoRotateSeconds),
      isNull(keys.deletionAfter),
      lte(
        keyVersions.createdAt,
        sql`${now.toISOString()}::timestamptz - make_interval(secs => ${keys.autoRotateSeconds})`,
      ),
    ))
    .orderBy(asc(keyVersions.createdAt))
    .limit(limit);
  return rows.map((row) => row.key);
}

/**
 * Key of the advisory lock serialising the making of the key-binding key and the one-time
 * binding of existing versions across replicas ("pqbind" in ASCII).
 */
const KEY_BINDING_LOCK_KEY = 0x7071_6269_6e64;

/** Takes the key-binding lock for the rest of the transaction `tx`. */
export async function lockKeyBindings(tx: Database): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${KEY_BINDING_LOCK_KEY})`);
}

/** The key-binding key row, if one was made. */
export async function readKeyBindingKey(db: Database): Promise<KeyBindingKeyRow | undefined> {
  const [row] = await db.select().from(keyBindingKey).where(eq(keyBindingKey.id, 1));
  return row;
}

/** Stores the key-binding key (inside the caller's transaction, under {@link lockKeyBindings}). */
export async function insertKeyBindingKey(tx: Database, row: Omit<KeyBindingKeyRow, "id">): Promise<void> {
  await tx.insert(keyBindingKey).values({ id: 1, ...row });
}

/** Replaces the key-binding key's envelope if it still holds `expected` (root rotation); whether it did. */
export async function replaceKeyBindingKeyEnvelope(
  db: Database,
  expected: Uint8Array,
  next: Uint8Array,
  rootId: Uint8Array,
): Promise<boolean> {
  const updated = await db.update(keyBindingKey).set({ envelope: next, rootId })
    .where(and(eq(keyBindingKey.id, 1), eq(keyBindingKey.envelope, expected))).returning({ id: keyBindingKey.id });
  return updated.length > 0;
}

/** How many versions carry a binding MAC. */
export async function boundVersionCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(keyVersions)
    .where(isNotNull(keyVersions.bindingMac));
  return Number(row?.n ?? 0);
}

/**
 * Up to `limit` versions without a binding MAC, with their key, after (`keyId`, `version`)
 * in that order (keyset paging for the one-time binding of existing versions).
 */
export async function unboundVersions(
  db: Database,
  after: { readonly keyId: string; readonly version: number } | undefined,
  limit: number,
): Promise<{ key: KeyRow; version: KeyVersionRow }[]> {
  const past = after === undefined ? undefined : or(
    gt(keyVersions.keyId, after.keyId),
    and(eq(keyVersions.keyId, after.keyId), gt(keyVersions.version, after.version)),
  );
  return await db.select({ key: keys, version: keyVersions }).from(keyVersions)
    .innerJoin(keys, eq(keys.id, keyVersions.keyId))
    .where(and(isNull(keyVersions.bindingMac), past))
    .orderBy(asc(keyVersions.keyId), asc(keyVersions.version))
    .limit(limit);
}

/** Sets the binding MAC of version `version` of key `keyId` if it has none yet. */
export async function setBindingMac(db: Database, keyId: string, version: number, mac: Uint8Array): Promise<void> {
  await db.update(keyVersions).set({ bindingMac: mac })
    .where(and(eq(keyVersions.keyId, keyId), eq(keyVersions.version, version), isNull(keyVersions.bindingMac)));
}

/**
 * Reserves `block` more messages of version `version` of key `keyId`, unless that would pass
 * `limit`: one atomic `UPDATE … RETURNING`, so replicas never hand out the same budget twice.
 * `false` when the version has too little budget left (or does not exist).
 */
export async function reserveMessages(
  db: Database,
  keyId: string,
  version: number,
  block: number,
  limit: number,
): Promise<boolean> {
  const rows = await db.update(keyVersions)
    .set({ messagesReserved: sql`${keyVersions.messagesReserved} + ${block}` })
    .where(and(
      eq(keyVersions.keyId, keyId),
      eq(keyVersions.version, version),
      lte(keyVersions.messagesReserved, limit - block),
    ))
    .returning({ reserved: keyVersions.messagesReserved });
  return rows.length === 1;
}
