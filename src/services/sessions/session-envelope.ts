/**
 * How a session's row protects its key at rest: the AES-256-GCM session key is wrapped by the
 * keystore root (`Keystore.wrap`, the same envelopes as key versions), bound to
 *
 * ```text
 * digest = SHA-256(enc("pqgate/session-row/v1") ‖ enc(id) ‖ enc(owner) ‖ enc(tokenId) ‖ enc(mode)
 *                  ‖ enc(algorithm) ‖ enc(keyName or "") ‖ enc(u32be(keyVersion or 0)) ‖ enc(u64be(expiresAt ms)))
 * binding = { keyId: "session:" ‖ hex(digest), version: 1, owner }
 * ```
 *
 * and the client's confirmation tag is sealed under the session key with `digest` as aad. So
 * someone who can write the database but not use the root cannot move a session to another
 * token or owner, extend its life, point it at another key, or swap in another row's key: the
 * envelope no longer opens and the session is not found. The key itself never leaves Rust once
 * imported (a `SecretKey` handle).
 *
 * @module
 */

import { type KeyBinding, type Keystore, type Pqgate, type SecretKey, toHex } from "../../../ffi/mod.ts";
import { lengthPrefixed, u32be, u64be } from "../../common/bytes.ts";

/** The AEAD of session keys. */
export const SESSION_AEAD = "AES-256-GCM";
const ROW_LABEL = "pqgate/session-row/v1";

/** The row fields an envelope is bound to. */
export interface SessionRowFields {
  readonly id: string;
  readonly owner: string;
  readonly tokenId: string;
  readonly mode: string;
  readonly algorithm: string;
  readonly keyName: string | null;
  readonly keyVersion: number | null;
  readonly expiresAt: Date;
}

/** The digest of the row fields (the envelope's binding and the confirmation's aad). */
export function sessionRowDigest(pq: Pqgate, row: SessionRowFields): Uint8Array {
  return pq.hash(
    "SHA-256",
    lengthPrefixed([
      ROW_LABEL,
      row.id,
      row.owner,
      row.tokenId,
      row.mode,
      row.algorithm,
      row.keyName ?? "",
      u32be(row.keyVersion ?? 0),
      u64be(row.expiresAt.getTime()),
    ]),
  );
}

/** The keystore binding of a session's envelope: its own id space (`session:`), apart from key ids. */
export function sessionBinding(digest: Uint8Array, owner: string): KeyBinding {
  return { keyId: `session:${toHex(digest)}`, version: 1, owner };
}

/** The sealed form of a new session: its envelope, root, and sealed confirmation. */
export interface SealedSession {
  readonly envelope: Uint8Array;
  readonly rootId: Uint8Array;
  readonly confirmation: Uint8Array;
}

/** Wraps `key` and seals `clientConfirmation` for the row `fields`. */
export function sealSession(
  pq: Pqgate,
  keystore: Keystore,
  fields: SessionRowFields,
  key: SecretKey,
  clientConfirmation: Uint8Array,
): SealedSession {
  const digest = sessionRowDigest(pq, fields);
  const envelope = keystore.wrap(key, sessionBinding(digest, fields.owner));
  return { envelope, rootId: pq.envelopeRootId(envelope), confirmation: key.encrypt(digest, clientConfirmation) };
}

/**
 * The session key and confirmation tag of a stored row.
 *
 * @throws {PqError} `UNWRAP_FAILED` / `DECRYPTION_FAILED` when the row was tampered with (or
 * its root retired); `KEYSTORE_UNAVAILABLE` when the device does not answer.
 */
export function openSession(
  pq: Pqgate,
  keystore: Keystore,
  row: SessionRowFields & { readonly envelope: Uint8Array; readonly confirmation: Uint8Array },
): { key: SecretKey; clientConfirmation: Uint8Array } {
  const digest = sessionRowDigest(pq, row);
  const key = keystore.unwrap(SESSION_AEAD, row.envelope, sessionBinding(digest, row.owner));
  try {
    return { key, clientConfirmation: key.decrypt(digest, row.confirmation) };
  } catch (error) {
    key[Symbol.dispose]();
    throw error;
  }
}

/** A stored row's envelope re-wrapped under the current root (root rotation). */
export function rewrapSession(
  pq: Pqgate,
  keystore: Keystore,
  row: SessionRowFields & { readonly envelope: Uint8Array },
): Uint8Array {
  return keystore.rewrap(SESSION_AEAD, row.envelope, sessionBinding(sessionRowDigest(pq, row), row.owner));
}
