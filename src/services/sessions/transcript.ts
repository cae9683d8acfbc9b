/**
 * The session key schedule: what both parties hash, derive and compare. Everything a client
 * needs to reproduce it is here and in docs/SESSIONS.md; nothing is secret but
 * the KEM shared secret.
 *
 * ```text
 * enc(x)     = u32be(len(x)) ‖ x
 * transcript = enc("pqgate/session/v1") ‖ enc(mode) ‖ enc(algorithm)
 *            ‖ enc(clientPublicKey)                                 (client-key mode; else empty)
 *            ‖ enc(keyName) ‖ enc(u32be(keyVersion)) ‖ enc(gatewayPublicKey)   (gateway-key mode; else "", 0, empty)
 *            ‖ enc(ciphertext) ‖ enc(sessionId)                     (sessionId: the 16 raw bytes)
 * TH         = SHA-256(transcript)
 * okm        = HKDF-SHA-256(IKM = KEM shared secret, salt = "", info = "pqgate/session/v1/keys" ‖ TH, L = 64)
 * sessionKey = okm[0..32]  (AES-256-GCM)        confirmKey = okm[32..64]
 * confirm(role) = HKDF-SHA-256(IKM = confirmKey, salt = "", info = "pqgate/session/v1/confirm/" ‖ role ‖ TH, L = 32)
 *               with role "gateway" (sent in the response) or "client" (sent to /confirm)
 * ```
 *
 * The transcript enters HKDF as its hash: a transcript holds a public key and a ciphertext
 * (up to 3 KB), and some HKDF implementations refuse an `info` over 1024 bytes (Bun's
 * WebCrypto, Node's `crypto.hkdf`). Every `info` is a distinct label followed by the
 * fixed-size TH, so no two are equal.
 *
 * HKDF keyed by the uniformly random `confirmKey` is HMAC-SHA-256 used as a PRF over the role
 * and TH, i.e. a MAC (there is no HMAC export, and none is needed). The two roles give
 * distinct tags, so the gateway's confirmation cannot be reflected back as the client's proof.
 *
 * @module
 */

import type { KemAlgorithm, Pqgate } from "../../../ffi/mod.ts";
import { labelled, lengthPrefixed, u32be } from "../../common/bytes.ts";

/** Protocol label, the first transcript field; a new construction gets a new label. */
export const SESSION_LABEL = "pqgate/session/v1";
/** The `info` label of the session key and confirmation key; TH follows. */
export const KEYS_LABEL = "pqgate/session/v1/keys";
/** Prefix of the confirmation `info`; the role (`gateway`/`client`) and TH follow. */
export const CONFIRM_LABEL = "pqgate/session/v1/confirm/";

/** How the shared secret was established. */
export type SessionMode = "client-key" | "gateway-key";

/** Every transcript field; absent ones are empty (and version 0). */
export interface TranscriptFields {
  readonly mode: SessionMode;
  readonly algorithm: KemAlgorithm;
  readonly clientPublicKey?: Uint8Array | undefined;
  readonly keyName?: string | undefined;
  readonly keyVersion?: number | undefined;
  readonly gatewayPublicKey?: Uint8Array | undefined;
  readonly ciphertext: Uint8Array;
  readonly sessionId: Uint8Array;
}

/** What the key schedule yields. The caller owns `sessionKey` and wipes it. */
export interface SessionSecrets {
  /** The 32-byte AES-256-GCM key. */
  readonly sessionKey: Uint8Array;
  /** The tag the gateway sends (role `gateway`). */
  readonly gatewayConfirmation: Uint8Array;
  /** The tag a client proves its key with (role `client`). */
  readonly clientConfirmation: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** The transcript bytes (see the module comment). */
export function sessionTranscript(fields: TranscriptFields): Uint8Array {
  return lengthPrefixed([
    SESSION_LABEL,
    fields.mode,
    fields.algorithm,
    fields.clientPublicKey ?? EMPTY,
    fields.keyName ?? "",
    u32be(fields.keyVersion ?? 0),
    fields.gatewayPublicKey ?? EMPTY,
    fields.ciphertext,
    fields.sessionId,
  ]);
}

/**
 * Runs the key schedule. Intermediate secrets (`okm`, `confirmKey`) are overwritten before
 * returning; the caller wipes `sharedSecret` and, when the session ends, `sessionKey`.
 */
export function deriveSessionSecrets(pq: Pqgate, sharedSecret: Uint8Array, transcript: Uint8Array): SessionSecrets {
  const th = pq.hash("SHA-256", transcript);
  const okm = pq.hkdf("SHA-256", sharedSecret, EMPTY, labelled(KEYS_LABEL, th), 64);
  const sessionKey = okm.slice(0, 32);
  const confirmKey = okm.slice(32, 64);
  okm.fill(0);
  const tag = (role: "gateway" | "client") =>
    pq.hkdf("SHA-256", confirmKey, EMPTY, labelled(CONFIRM_LABEL + role, th), 32);
  const secrets = { sessionKey, gatewayConfirmation: tag("gateway"), clientConfirmation: tag("client") };
  confirmKey.fill(0);
  return secrets;
}
