/**
 * The audit chain key: what makes the hash chain unforgeable by someone who can only write the
 * database. Every group-committed batch's last row carries
 *
 * ```text
 * head_mac = HKDF-SHA-256(IKM = mac key, salt = "", info = "pqgate/audit/head/v1" ‖ SHA-256(u64be(seq) ‖ hash), L = 32)
 * mac key  = HKDF-SHA-256(IKM = ML-KEM-768 shared secret, salt = "", info = "pqgate/audit/mac-key/v1" ‖ SHA-256(u64be(from_seq)), L = 32)
 * ```
 *
 * HKDF with a secret IKM is HMAC-SHA-256 keyed by HKDF-Extract's output over `info ‖ 0x01`: a
 * MAC, built from the binding's HKDF rather than a primitive of our own. The keystore can wrap
 * only private keys, so the MAC key is the shared secret of an encapsulation to an ML-KEM-768
 * key that is stored only as a keystore envelope, bound to the fixed identity
 * `pqgate/audit-chain/v1/from-<from_seq>` (owner "", version 1: no user key can have it, key
 * ids are UUIDs). Opening it needs the keystore's root, so an attacker with the database alone
 * can neither compute a MAC nor move `from_seq` (the identity would change and the envelope
 * would not open). The derived MAC key stays in this process's memory while it runs.
 *
 * The key is made once, on the first append after the upgrade that introduced it; `from_seq`
 * is the seq that append got. Rows before it stay authenticated by the hash chain alone.
 *
 * @module
 */

import type { Keystore, Pqgate, RootKeyInfo } from "../../../ffi/mod.ts";
import {
  type AuditChainKeyRow,
  ensureAuditChainKey,
  readAuditChainKey,
  replaceAuditChainKeyEnvelope,
} from "../../db/audit.ts";
import type { Database } from "../../db/client.ts";
import { concat, labelled, u64be } from "../../common/bytes.ts";
import type { Clock } from "../../common/clock.ts";
import { constantTimeEqual } from "../constant-time.ts";

/** The KEM whose private key holds the chain key. */
export const CHAIN_KEY_ALGORITHM = "ML-KEM-768";
/** Length of a `head_mac`. */
export const HEAD_MAC_BYTES = 32;

const MAC_KEY_LABEL = "pqgate/audit/mac-key/v1";
const HEAD_LABEL = "pqgate/audit/head/v1";
const EMPTY = new Uint8Array(0);

/** The binding of the chain key's envelope. */
export function chainKeyBinding(fromSeq: number): { keyId: string; version: number; owner: string } {
  return { keyId: `pqgate/audit-chain/v1/from-${fromSeq}`, version: 1, owner: "" };
}

/** An opened chain key: authenticates and checks chain heads. */
export class ChainKey {
  /** The first seq this key authenticates. */
  readonly fromSeq: number;
  readonly #pq: Pqgate;
  readonly #macKey: Uint8Array;

  constructor(pq: Pqgate, fromSeq: number, macKey: Uint8Array) {
    this.#pq = pq;
    this.fromSeq = fromSeq;
    this.#macKey = macKey;
  }

  /** The `head_mac` of the row at `seq` whose hash is `hash`. */
  mac(seq: number, hash: Uint8Array): Uint8Array {
    const digest = this.#pq.hash("SHA-256", concat([u64be(seq), hash]));
    return this.#pq.hkdf("SHA-256", this.#macKey, EMPTY, labelled(HEAD_LABEL, digest), HEAD_MAC_BYTES);
  }

  /** Whether `mac` is the `head_mac` of (`seq`, `hash`). */
  verify(seq: number, hash: Uint8Array, mac: Uint8Array): boolean {
    return constantTimeEqual(this.mac(seq, hash), mac);
  }
}

/** Why a stored chain key could not be opened (replaced, tampered, or sealed by another keystore). */
export class ChainKeyUnopenable extends Error {
  override readonly name = "ChainKeyUnopenable";
}

function open(pq: Pqgate, keystore: Keystore, row: AuditChainKeyRow): ChainKey {
  if (row.algorithm !== CHAIN_KEY_ALGORITHM) {
    throw new ChainKeyUnopenable(`the audit chain key has an unknown algorithm ${row.algorithm}`);
  }
  let sharedSecret: Uint8Array;
  try {
    using key = keystore.unwrap(CHAIN_KEY_ALGORITHM, row.envelope, chainKeyBinding(row.fromSeq));
    sharedSecret = key.decapsulate(row.kemCiphertext);
  } catch (error) {
    const status = (error as { status?: string }).status;
    if (status === "KEYSTORE_UNAVAILABLE") throw error;
    throw new ChainKeyUnopenable(`the audit chain key does not open (${status ?? String(error)})`);
  }
  try {
    const info = labelled(MAC_KEY_LABEL, pq.hash("SHA-256", u64be(row.fromSeq)));
    return new ChainKey(pq, row.fromSeq, pq.hkdf("SHA-256", sharedSecret, EMPTY, info, 32));
  } finally {
    sharedSecret.fill(0);
  }
}

/**
 * The stored chain key, opened; `undefined` when none was made yet.
 *
 * @throws {ChainKeyUnopenable} when the stored key does not open under this keystore.
 */
export async function loadChainKey(db: Database, pq: Pqgate, keystore: Keystore): Promise<ChainKey | undefined> {
  const row = await readAuditChainKey(db);
  return row === undefined ? undefined : open(pq, keystore, row);
}

/**
 * The chain key, made (and stored, before any row it authenticates) if there is none.
 *
 * @throws {ChainKeyUnopenable} when the stored key does not open under this keystore.
 */
export async function ensureChainKey(db: Database, pq: Pqgate, keystore: Keystore, clock: Clock): Promise<ChainKey> {
  const row = await ensureAuditChainKey(db, (fromSeq) => {
    using key = pq.generateKey(CHAIN_KEY_ALGORITHM);
    const envelope = keystore.wrap(key, chainKeyBinding(fromSeq));
    const { ciphertext, sharedSecret } = key.encapsulate();
    sharedSecret.fill(0); // derived again from the envelope by `open`, as every later start does
    return {
      algorithm: CHAIN_KEY_ALGORITHM,
      envelope,
      rootId: pq.envelopeRootId(envelope),
      kemCiphertext: ciphertext,
      createdAt: clock.now(),
    };
  });
  return open(pq, keystore, row);
}

/**
 * Re-wraps the chain key's envelope under `root` (root rotation); whether it moved. Throws
 * when it cannot be re-wrapped (the rotation then keeps the older roots).
 */
export async function rewrapChainKey(db: Database, keystore: Keystore, root: RootKeyInfo): Promise<boolean> {
  const row = await readAuditChainKey(db);
  if (row === undefined || constantTimeEqual(row.rootId, root.id)) return false;
  const next = keystore.rewrap(CHAIN_KEY_ALGORITHM, row.envelope, chainKeyBinding(row.fromSeq));
  return await replaceAuditChainKeyEnvelope(db, row.envelope, next, root.id);
}
