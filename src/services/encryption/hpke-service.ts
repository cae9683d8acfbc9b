/**
 * Public-key encryption under named KEM keys (ML-KEM-512/768/1024, X-Wing): HPKE (RFC 9180)
 * base mode, single shot, with the KEM identifiers of draft-ietf-hpke-pq, HKDF-SHA256 and
 * AES-256-GCM or ChaCha20-Poly1305. Anyone seals offline to a version's public key (from the
 * key view); `decrypt` opens inside the native library with that version's private key.
 * `encrypt` seals inside the gateway to the key's own latest public key, for convenience.
 *
 * The caller names the version to open with (default: the latest). There is no trial
 * decryption across versions: the KEMs reject implicitly, so a message for another version
 * only shows up as a failed tag, and trying every version would multiply the private-key
 * work an unauthenticated-looking message can cause by the number of versions and blur which
 * version a message was for. Senders learn the version with the public key.
 *
 * Key use goes through the key service like every other private key: `enabled`,
 * `minDecryptionVersion` and pending deletion apply to both directions.
 *
 * @module
 */

import { type AeadAlgorithm, KemPrivateKey, PqError, PqStatus } from "../../../ffi/mod.ts";
import { HPKE_CIPHERTEXT_OVERHEAD, KEM_SIZES } from "../../common/sizes.ts";
import { KeyError } from "../keys/errors.ts";
import type { KeyService } from "../keys/key-service.ts";
import { EncryptionError } from "./errors.ts";

/** The HPKE `kem_id`s (draft-ietf-hpke-pq) of the KEM algorithms. */
export const HPKE_KEM_IDS = {
  "ML-KEM-512": 0x0040,
  "ML-KEM-768": 0x0041,
  "ML-KEM-1024": 0x0042,
  "X-Wing": 0x647a,
} as const;
/** The HPKE `aead_id`s (RFC 9180 §7.3) of the AEADs offered. */
export const HPKE_AEAD_IDS = { "AES-256-GCM": 0x0002, "ChaCha20-Poly1305": 0x0003 } as const;
/** The one KDF: HKDF-SHA256 (`kdf_id` 0x0001). */
export const HPKE_KDF = { name: "HKDF-SHA256", id: 0x0001 } as const;
/** The AEAD when the caller names none. */
export const DEFAULT_HPKE_AEAD: AeadAlgorithm = "AES-256-GCM";

/** The suite a message was sealed with, by name and HPKE identifier. */
export interface HpkeSuite {
  readonly kem: keyof typeof HPKE_KEM_IDS;
  readonly kemId: number;
  readonly kdf: typeof HPKE_KDF.name;
  readonly kdfId: number;
  readonly aead: AeadAlgorithm;
  readonly aeadId: number;
}

/** What HPKE binds besides the key: `info` (key schedule) and `aad` (AEAD). */
export interface HpkeContext {
  readonly info?: Uint8Array | undefined;
  readonly aad?: Uint8Array | undefined;
  readonly aead?: AeadAlgorithm | undefined;
}

/** A sealed message and the version whose public key it was sealed to. */
export interface HpkeSealed {
  readonly enc: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly version: number;
  readonly suite: HpkeSuite;
}

/** A message to open. */
export interface HpkeMessage extends HpkeContext {
  readonly enc: Uint8Array;
  readonly ciphertext: Uint8Array;
  /** The key version it was sealed to; the latest when absent. */
  readonly version?: number | undefined;
}

const EMPTY = new Uint8Array(0);

/** The HPKE use cases. */
export class HpkeService {
  readonly #keys: KeyService;

  constructor(keys: KeyService) {
    this.#keys = keys;
  }

  /** Whether key `name` is a KEM key, whose encrypt/decrypt are HPKE. @throws {KeyError} `key-not-found`. */
  async handles(owner: string, name: string): Promise<boolean> {
    return await this.#keys.purpose(owner, name) === "kem";
  }

  /**
   * Seals `plaintext` to the latest version's public key.
   *
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `key-disabled`, `key-pending-deletion`.
   */
  async encrypt(owner: string, name: string, plaintext: Uint8Array, context: HpkeContext = {}): Promise<HpkeSealed> {
    const { key, version } = await this.#key(owner, name);
    const aead = context.aead ?? DEFAULT_HPKE_AEAD;
    const { enc, ciphertext } = key.hpkeSeal(aead, plaintext, context.info ?? EMPTY, context.aad ?? EMPTY);
    return { enc, ciphertext, version, suite: suiteOf(key, aead) };
  }

  /**
   * Opens a message with the version it names (the latest by default).
   *
   * @throws {EncryptionError} `ciphertext-malformed` (`enc` not the KEM's ciphertext size, a
   * ciphertext shorter than the tag); `decryption-failed` (another key or version, other info,
   * aad or AEAD, any modified bit, a version the key lacks).
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `version-disabled`, `key-disabled`,
   * `key-pending-deletion`.
   */
  async decrypt(
    owner: string,
    name: string,
    message: HpkeMessage,
  ): Promise<{ plaintext: Uint8Array; version: number; suite: HpkeSuite }> {
    const { key, version } = await this.#key(owner, name, message.version).catch((error: unknown) => {
      if (error instanceof KeyError && error.kind === "version-not-found") throw failed(name);
      throw error;
    });
    const aead = message.aead ?? DEFAULT_HPKE_AEAD;
    const encSize = KEM_SIZES[key.algorithm].ciphertext;
    if (message.enc.length !== encSize) {
      throw new EncryptionError(
        "ciphertext-malformed",
        `enc must be ${encSize} bytes (the ${key.algorithm} ciphertext), not ${message.enc.length}`,
      );
    }
    if (message.ciphertext.length < HPKE_CIPHERTEXT_OVERHEAD) {
      throw new EncryptionError(
        "ciphertext-malformed",
        `an HPKE ciphertext has at least its ${HPKE_CIPHERTEXT_OVERHEAD}-byte tag`,
      );
    }
    try {
      const plaintext = key.hpkeOpen(
        aead,
        message.enc,
        message.ciphertext,
        message.info ?? EMPTY,
        message.aad ?? EMPTY,
      );
      return { plaintext, version, suite: suiteOf(key, aead) };
    } catch (error) {
      if (error instanceof PqError && error.code === PqStatus.DECRYPTION_FAILED) throw failed(name);
      throw error;
    }
  }

  async #key(owner: string, name: string, version?: number): Promise<{ key: KemPrivateKey; version: number }> {
    const found = await this.#keys.privateKey(owner, name, "kem", version);
    // The purpose check makes it a KEM key; anything else is a fault, not a refusal.
    if (!(found.key instanceof KemPrivateKey)) throw new Error(`key ${found.keyId} is not a KEM private key`);
    return { key: found.key, version: found.version };
  }
}

function suiteOf(key: KemPrivateKey, aead: AeadAlgorithm): HpkeSuite {
  const kem = key.algorithm;
  return { kem, kemId: HPKE_KEM_IDS[kem], kdf: HPKE_KDF.name, kdfId: HPKE_KDF.id, aead, aeadId: HPKE_AEAD_IDS[aead] };
}

function failed(name: string): EncryptionError {
  return new EncryptionError(
    "decryption-failed",
    `The message does not open under this version of ${name} with this info, aad and AEAD.`,
  );
}
