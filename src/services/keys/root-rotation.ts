/**
 * Root-key rotation across the database: every stored envelope (the keys', the audit chain
 * key's and the key-binding key's) is re-wrapped under the keystore's current root, then the older roots are destroyed
 * in the device.
 *
 * Resumable by construction: the device says which root is current, the database says which
 * envelopes are not yet under it, and each re-wrap is a compare-and-set on the old bytes. An
 * interrupted rotation is finished by {@link finishRootRotation}; concurrent runs on several
 * replicas only repeat idempotent steps. A root is retired only when no envelope needs it.
 *
 * Late writers: a replica that listed the device's roots just before the new root was made
 * may still be committing a key wrapped under the old root while the re-wrap finishes.
 * Before any root is retired the rotation therefore waits {@link ROOT_SETTLE_MS} and sweeps
 * again, so an envelope is lost only if its wrap and its commit are further apart than that
 * (docs/SCALING.md, "Rotation consistency").
 *
 * @module
 */

import { deleteImportKeysNotUnder } from "../../db/import-keys.ts";
import type { Algorithm, Keystore, Pqgate, RootKeyInfo } from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import { envelopesNotUnderRoot, replaceEnvelope } from "../../db/keys.ts";
import { lengthPrefixed, splitLengthPrefixed } from "../../common/bytes.ts";
import { HYBRID, HYBRID_PARTS } from "../../common/hybrid.ts";
import { rewrapChainKey } from "../audit/chain-key.ts";
import { rewrapKeyBindingKey } from "./key-binding.ts";
import { deleteSession, replaceSessionEnvelope, sessionsNotUnderRoot } from "../../db/sessions.ts";
import { rewrapSession } from "../sessions/session-envelope.ts";
import { PqError, PqStatus } from "../../../ffi/mod.ts";

/** What a rotation did. */
export interface RootRotationReport {
  readonly root: RootKeyInfo;
  /** Key-version envelopes moved to the new root. */
  readonly rewrapped: number;
  /** Whether the audit chain's MAC key was moved to the new root too (false: absent or already there). */
  readonly auditChainKeyRewrapped: boolean;
  /** Whether the key-binding MAC key was moved to the new root too (false: absent or already there). */
  readonly keyBindingKeyRewrapped: boolean;
  /** Live sessions' key envelopes moved to the new root. */
  readonly sessionsRewrapped: number;
  /** Envelopes that could not be re-wrapped (e.g. tampered): their roots are kept. */
  readonly failed: number;
  readonly retired: number;
}

const BATCH = 100;

/** How long a rotation waits for late writers before it retires old roots (ms). */
export const ROOT_SETTLE_MS = 1000;

/** Options of a rotation. */
export interface RotationOptions {
  /** Wait before the last sweep and the retirement of old roots; {@link ROOT_SETTLE_MS} by default. */
  readonly settleMs?: number;
}

/** Creates a new root, then finishes the rotation. */
export function rotateRootKey(
  db: Database,
  pq: Pqgate,
  keystore: Keystore,
  options: RotationOptions = {},
): Promise<RootRotationReport> {
  keystore.rotateRoot();
  return finishRootRotation(db, pq, keystore, options);
}

/** Re-wraps every envelope under the current root, then retires older roots if nothing needs them. */
export async function finishRootRotation(
  db: Database,
  pq: Pqgate,
  keystore: Keystore,
  options: RotationOptions = {},
): Promise<RootRotationReport> {
  const root = keystore.currentRoot();
  const failed = new Set<string>();
  let auditChainKeyRewrapped = await rewrapSealed("audit-chain-key", () => rewrapChainKey(db, keystore, root), failed);
  let keyBindingKeyRewrapped = await rewrapSealed(
    "key-binding-key",
    () => rewrapKeyBindingKey(db, keystore, root),
    failed,
  );
  let rewrapped = await rewrapAll(db, pq, keystore, root, failed);
  let sessionsRewrapped = await rewrapSessions(db, pq, keystore, root, failed);
  const older = keystore.roots().filter((r) => r.idHex !== root.idHex);
  let retired = 0;
  if (failed.size === 0 && older.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? ROOT_SETTLE_MS));
    auditChainKeyRewrapped = (await rewrapSealed("audit-chain-key", () =>
      rewrapChainKey(db, keystore, root), failed)) ||
      auditChainKeyRewrapped;
    keyBindingKeyRewrapped = (await rewrapSealed("key-binding-key", () =>
      rewrapKeyBindingKey(db, keystore, root), failed)) ||
      keyBindingKeyRewrapped;
    rewrapped += await rewrapAll(db, pq, keystore, root, failed);
    sessionsRewrapped += await rewrapSessions(db, pq, keystore, root, failed);
    if (failed.size === 0) {
      // Outstanding import tokens are short-lived: dropped rather than rewrapped (clients ask again).
      await deleteImportKeysNotUnder(db, root.id);
      for (const old of older) {
        keystore.retireRoot(old.id);
        retired++;
      }
    }
  }
  return {
    root,
    rewrapped,
    auditChainKeyRewrapped,
    keyBindingKeyRewrapped,
    sessionsRewrapped,
    failed: failed.size,
    retired,
  };
}

/** Re-wraps a sealed MAC key (the audit chain's, the key bindings') by `rewrap`; a failure joins `failed` as `name`. */
async function rewrapSealed(name: string, rewrap: () => Promise<boolean>, failed: Set<string>): Promise<boolean> {
  try {
    return await rewrap();
  } catch {
    failed.add(name);
    return false;
  }
}

/** Re-wraps every envelope not under `root`; adds those that fail to `failed`. Returns how many moved. */
function rewrapAll(
  db: Database,
  pq: Pqgate,
  keystore: Keystore,
  root: RootKeyInfo,
  failed: Set<string>,
): Promise<number> {
  const idOf = (e: { keyId: string; version: number }) => `${e.keyId}:${e.version}`;
  return sweepStale((limit) => envelopesNotUnderRoot(db, root.id, limit), idOf, failed, async (e) => {
    try {
      const binding = { keyId: e.keyId, version: e.version, owner: e.owner };
      const next = rewrap(keystore, e.algorithm, e.envelope, binding);
      // A concurrent run may have replaced it first: then ours is simply not needed.
      const rootId = pq.envelopeRootId(e.algorithm === HYBRID ? (splitLengthPrefixed(next, 2)?.[0] ?? next) : next);
      return await replaceEnvelope(db, e.keyId, e.version, e.envelope, next, rootId);
    } catch {
      failed.add(idOf(e));
      return false;
    }
  });
}

/**
 * Re-wraps the key envelope of every live session not under `root` (compare-and-set on the old
 * bytes), so no session outlives the root that sealed it. A row that does not open (tampered:
 * it could never be used) is ended instead; one the device could not reach joins `failed`.
 */
function rewrapSessions(
  db: Database,
  pq: Pqgate,
  keystore: Keystore,
  root: RootKeyInfo,
  failed: Set<string>,
): Promise<number> {
  const idOf = (row: { id: string }) => `session:${row.id}`;
  return sweepStale((limit) => sessionsNotUnderRoot(db, root.id, new Date(), limit), idOf, failed, async (row) => {
    try {
      const next = rewrapSession(pq, keystore, row);
      return await replaceSessionEnvelope(db, row.id, row.envelope, next, pq.envelopeRootId(next));
    } catch (error) {
      if (error instanceof PqError && error.code === PqStatus.KEYSTORE_UNAVAILABLE) failed.add(idOf(row));
      else await deleteSession(db, row.id);
      return false;
    }
  });
}

/**
 * Hands every row `stale` still finds to `handle`, a batch at a time, skipping those in
 * `failed` (each handled row leaves the result, or joins `failed`); returns how many `handle`
 * counted.
 */
async function sweepStale<R>(
  stale: (limit: number) => Promise<R[]>,
  idOf: (row: R) => string,
  failed: Set<string>,
  handle: (row: R) => Promise<boolean>,
): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = (await stale(BATCH + failed.size)).filter((row) => !failed.has(idOf(row)));
    if (rows.length === 0) return done;
    for (const row of rows) if (await handle(row)) done++;
  }
}

/** Re-wraps one stored envelope; a hybrid key's two part envelopes each on their own. */
function rewrap(
  keystore: Keystore,
  algorithm: string,
  envelope: Uint8Array,
  binding: { keyId: string; version: number; owner: string },
): Uint8Array {
  if (algorithm !== HYBRID) return keystore.rewrap(algorithm as Algorithm, envelope, binding);
  const parts = splitLengthPrefixed(envelope, HYBRID_PARTS.length);
  if (parts === undefined) throw new Error("malformed hybrid envelope");
  return lengthPrefixed(HYBRID_PARTS.map((part, i) => keystore.rewrap(part, parts[i] ?? new Uint8Array(), binding)));
}
