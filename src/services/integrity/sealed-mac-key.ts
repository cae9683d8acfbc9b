/**
 * A MAC key that only the keystore can open: what makes a stored value unforgeable by someone
 * who can only write the database. The audit chain key (`audit/chain-key.ts`) and the
 * key-binding key (`keys/key-binding.ts`) are both made this way.
 *
 * ```text
 * mac key = HKDF-SHA-256(IKM = ML-KEM-768 shared secret, salt = "", info = <purpose label> ‖ SHA-256(<purpose context>), L = 32)
 * mac     = HKDF-SHA-256(IKM = mac key, salt = "", info = <label> ‖ SHA-256(<message>), L = 32)
 * ```
 *
 * HKDF with a secret IKM is HMAC-SHA-256 keyed by HKDF-Extract's output over `info ‖ 0x01`: a
 * MAC, built from the binding's HKDF rather than a primitive of our own. The keystore can wrap
 * only private keys, so the MAC key is the shared secret of an encapsulation to an ML-KEM-768
 * key that is stored only as a keystore envelope, bound to a fixed identity of the purpose
 * (owner "", version 1, a key id no user key can have: user key ids are UUIDs). Opening it
 * needs the keystore's root, so an attacker with the database alone can neither compute a MAC
 * nor move the stored key to another purpose (the identity would change and the envelope
 * would not open). The derived MAC key stays in this process's memory while it runs.
 *
 * Storage is the caller's (each purpose has its own table and its own rules for when the key
 * is made); this module seals, opens and re-wraps.
 *
 * @module
 */

import type { KeyBinding, Keystore, Pqgate, RootKeyInfo } from "../../../ffi/mod.ts";
import { labelled } from "../../common/bytes.ts";
import { constantTimeEqual } from "../constant-time.ts";

/** The KEM whose private key holds a sealed MAC key. */
export const SEALED_KEY_ALGORITHM = "ML-KEM-768";
/** Length of a MAC. */
export const MAC_BYTES = 32;

const EMPTY = new Uint8Array(0);

/** What a sealed MAC key is for: names its envelope's identity and its derivation. */
export interface SealedMacKeyPurpose {
  /** The key as messages name it, e.g. "the audit chain key". */
  readonly name: string;
  /** The fixed identity its envelope is bound to. */
  readonly binding: KeyBinding;
  /** The HKDF `info` label of the MAC key's derivation. */
  readonly label: string;
  /** Hashed after `label` in that `info` (e.g. the first audit seq the key covers). */
  readonly context: Uint8Array;
}

/** A sealed MAC key as stored: its wrapped KEM private key and the encapsulation it opens. */
export interface SealedMacKeyRecord {
  readonly algorithm: string;
  readonly envelope: Uint8Array;
  /** The keystore root that sealed `envelope` (root rotation finds stale envelopes by it). */
  readonly rootId: Uint8Array;
  readonly kemCiphertext: Uint8Array;
}

/** An opened MAC key. */
export class MacKey {
  readonly #pq: Pqgate;
  readonly #key: Uint8Array;

  constructor(pq: Pqgate, key: Uint8Array) {
    this.#pq = pq;
    this.#key = key;
  }

  /** The MAC of `message` under `label`. */
  mac(label: string, message: Uint8Array): Uint8Array {
    const info = labelled(label, this.#pq.hash("SHA-256", message));
    return this.#pq.hkdf("SHA-256", this.#key, EMPTY, info, MAC_BYTES);
  }

  /** Whether `mac` is the MAC of `message` under `label` (compared in constant time). */
  verify(label: string, message: Uint8Array, mac: Uint8Array): boolean {
    return constantTimeEqual(this.mac(label, message), mac);
  }
}

/** Why a stored sealed MAC key could not be opened (replaced, tampered, or sealed by another keystore). */
export class SealedMacKeyUnopenable extends Error {
  override readonly name: string = "SealedMacKeyUnopenable";
}

/** A fresh MAC key for `purpose`, sealed by `keystore`: store the record, then {@link openSealedMacKey} it. */
export function sealMacKey(pq: Pqgate, keystore: Keystore, purpose: SealedMacKeyPurpose): SealedMacKeyRecord {
  using key = pq.generateKey(SEALED_KEY_ALGORITHM);
  const envelope = keystore.wrap(key, purpose.binding);
  const { ciphertext, sharedSecret } = key.encapsulate();
  sharedSecret.fill(0); // derived again from the envelope by `openSealedMacKey`, as every later start does
  return { algorithm: SEALED_KEY_ALGORITHM, envelope, rootId: pq.envelopeRootId(envelope), kemCiphertext: ciphertext };
}

/**
 * The MAC key of a stored record.
 *
 * @throws {SealedMacKeyUnopenable} when it does not open under this keystore for `purpose`;
 * {PqError} `KEYSTORE_UNAVAILABLE` when the device does not answer.
 */
export function openSealedMacKey(
  pq: Pqgate,
  keystore: Keystore,
  purpose: SealedMacKeyPurpose,
  record: SealedMacKeyRecord,
): MacKey {
  if (record.algorithm !== SEALED_KEY_ALGORITHM) {
    throw new SealedMacKeyUnopenable(`${purpose.name} has an unknown algorithm ${record.algorithm}`);
  }
  let sharedSecret: Uint8Array;
  try {
    using key = keystore.unwrap(SEALED_KEY_ALGORITHM, record.envelope, purpose.binding);
    sharedSecret = key.decapsulate(record.kemCiphertext);
  } catch (error) {
    const status = (error as { status?: string }).status;
    if (status === "KEYSTORE_UNAVAILABLE") throw error;
    throw new SealedMacKeyUnopenable(`${purpose.name} does not open (${status ?? String(error)})`);
  }
  try {
    const info = labelled(purpose.label, pq.hash("SHA-256", purpose.context));
    return new MacKey(pq, pq.hkdf("SHA-256", sharedSecret, EMPTY, info, 32));
  } finally {
    sharedSecret.fill(0);
  }
}

/**
 * The record's envelope re-wrapped under `root` (root rotation), or `undefined` when it is
 * already there. Throws when it cannot be re-wrapped (the rotation then keeps the older roots).
 */
export function rewrapSealedMacKey(
  keystore: Keystore,
  purpose: SealedMacKeyPurpose,
  record: SealedMacKeyRecord,
  root: RootKeyInfo,
): Uint8Array | undefined {
  if (constantTimeEqual(record.rootId, root.id)) return undefined;
  return keystore.rewrap(SEALED_KEY_ALGORITHM, record.envelope, purpose.binding);
}
