/**
 * The audit chain key: what makes the hash chain unforgeable by someone who can only write the
 * database. Every group-committed batch's last row carries
 *
 * ```text
 * head_mac = HKDF-SHA-256(IKM = mac key, salt = "", info = "pqgate/audit/head/v1" ‖ SHA-256(u64be(seq) ‖ hash), L = 32)
 * mac key  = HKDF-SHA-256(IKM = ML-KEM-768 shared secret, salt = "", info = "pqgate/audit/mac-key/v1" ‖ SHA-256(u64be(from_seq)), L = 32)
 * ```
 *
 * A sealed MAC key (`integrity/sealed-mac-key.ts`, which says why this is a MAC and why only
 * the keystore opens it), bound to the fixed identity `pqgate/audit-chain/v1/from-<from_seq>`:
 * an attacker with the database alone can neither compute a MAC nor move `from_seq` (the
 * identity would change and the envelope would not open).
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
import { concat, u64be } from "../../common/bytes.ts";
import type { Clock } from "../../common/clock.ts";
import {
  MAC_BYTES,
  type MacKey,
  openSealedMacKey,
  rewrapSealedMacKey,
  SEALED_KEY_ALGORITHM,
  type SealedMacKeyPurpose,
  SealedMacKeyUnopenable,
  sealMacKey,
} from "../integrity/sealed-mac-key.ts";

/** The KEM whose private key holds the chain key. */
export const CHAIN_KEY_ALGORITHM = SEALED_KEY_ALGORITHM;
/** Length of a `head_mac`. */
export const HEAD_MAC_BYTES = MAC_BYTES;

const HEAD_LABEL = "pqgate/audit/head/v1";

/** The binding of the chain key's envelope. */
export function chainKeyBinding(fromSeq: number): { keyId: string; version: number; owner: string } {
  return { keyId: `pqgate/audit-chain/v1/from-${fromSeq}`, version: 1, owner: "" };
}

/** The chain key's purpose: its envelope's identity and its derivation, both fixed by `from_seq`. */
function purpose(fromSeq: number): SealedMacKeyPurpose {
  return {
    name: "the audit chain key",
    binding: chainKeyBinding(fromSeq),
    label: "pqgate/audit/mac-key/v1",
    context: u64be(fromSeq),
  };
}

/** An opened chain key: authenticates and checks chain heads. */
export class ChainKey {
  /** The first seq this key authenticates. */
  readonly fromSeq: number;
  readonly #key: MacKey;

  constructor(fromSeq: number, key: MacKey) {
    this.fromSeq = fromSeq;
    this.#key = key;
  }

  /** The `head_mac` of the row at `seq` whose hash is `hash`. */
  mac(seq: number, hash: Uint8Array): Uint8Array {
    return this.#key.mac(HEAD_LABEL, concat([u64be(seq), hash]));
  }

  /** Whether `mac` is the `head_mac` of (`seq`, `hash`). */
  verify(seq: number, hash: Uint8Array, mac: Uint8Array): boolean {
    return this.#key.verify(HEAD_LABEL, concat([u64be(seq), hash]), mac);
  }
}

/** Why a stored chain key could not be opened (replaced, tampered, or sealed by another keystore). */
export class ChainKeyUnopenable extends SealedMacKeyUnopenable {
  override readonly name = "ChainKeyUnopenable";
}

function open(pq: Pqgate, keystore: Keystore, row: AuditChainKeyRow): ChainKey {
  try {
    return new ChainKey(row.fromSeq, openSealedMacKey(pq, keystore, purpose(row.fromSeq), row));
  } catch (error) {
    if (error instanceof SealedMacKeyUnopenable) throw new ChainKeyUnopenable(error.message, { cause: error });
    throw error;
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
  const row = await ensureAuditChainKey(db, (fromSeq) => ({
    ...sealMacKey(pq, keystore, purpose(fromSeq)),
    createdAt: clock.now(),
  }));
  return open(pq, keystore, row);
}

/**
 * Re-wraps the chain key's envelope under `root` (root rotation); whether it moved. Throws
 * when it cannot be re-wrapped (the rotation then keeps the older roots).
 */
export async function rewrapChainKey(db: Database, keystore: Keystore, root: RootKeyInfo): Promise<boolean> {
  const row = await readAuditChainKey(db);
  if (row === undefined) return false;
  const next = rewrapSealedMacKey(keystore, purpose(row.fromSeq), row, root);
  return next !== undefined && await replaceAuditChainKeyEnvelope(db, row.envelope, next, root.id);
}
