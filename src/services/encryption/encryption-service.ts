/**
 * Encryption under named symmetric keys (AES-256-GCM, ChaCha20-Poly1305), like Vault
 * Transit's encrypt/decrypt/rewrap: the key never leaves the native library, the ciphertext
 * names its key version (`ciphertext.ts`), and rewrap decrypts and re-encrypts under the
 * latest version inside the gateway, so the plaintext never leaves.
 *
 * Keys are ordinary named keys of the key service (created, rotated, wrapped at rest and
 * bound like every other); `minDecryptionVersion` and pending deletion apply through it.
 * Each version encrypts at most its message limit (`nonce-budget.ts`); at the limit the key
 * rotates or refuses, as configured.
 *
 * @module
 */

import { PqError, PqStatus, SecretKey } from "../../../ffi/mod.ts";
import { concat } from "../../common/bytes.ts";
import type { Database } from "../../db/client.ts";
import { KeyError } from "../keys/errors.ts";
import type { KeyService } from "../keys/key-service.ts";
import { associatedData, ciphertextHeader, parseCiphertext } from "./ciphertext.ts";
import { EncryptionError } from "./errors.ts";
import { NonceBudget, type NonceBudgetSettings } from "./nonce-budget.ts";

/** What the service needs. */
export interface EncryptionServiceDeps {
  readonly db: Database;
  readonly keys: KeyService;
  /** The message limit per version and the reservation block (tests only; defaults otherwise). */
  readonly budget?: Partial<NonceBudgetSettings> | undefined;
}

/** A ciphertext and the version that made it. */
export interface Encrypted {
  readonly ciphertext: Uint8Array;
  readonly version: number;
}

const EMPTY = new Uint8Array(0);
/**
 * Rotations one encryption may wait for before it gives up. One rotation gives 2³² messages, so
 * more than one is needed only under a tiny test limit with many concurrent requests.
 */
const ROTATION_ATTEMPTS = 16;

/** The encryption use cases. */
export class EncryptionService {
  readonly #keys: KeyService;
  readonly #budget: NonceBudget;

  constructor(deps: EncryptionServiceDeps) {
    this.#keys = deps.keys;
    this.#budget = new NonceBudget(deps.db, deps.budget);
  }

  /**
   * Encrypts under the latest version of key `name`.
   *
   * @throws {EncryptionError} `message-limit-reached` (key set to `refuse`).
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `key-pending-deletion`.
   */
  async encrypt(owner: string, name: string, plaintext: Uint8Array, aad: Uint8Array = EMPTY): Promise<Encrypted> {
    for (let attempt = 0; attempt <= ROTATION_ATTEMPTS; attempt++) {
      const { key, version, keyId } = await this.#key(owner, name);
      if (await this.#budget.take(keyId, version)) {
        const header = ciphertextHeader(version);
        const sealed = key.encrypt(associatedData(keyId, header, aad), plaintext);
        return { ciphertext: concat([header, sealed]), version };
      }
      if (await this.#keys.messageLimitAction(owner, name) === "refuse") break;
      await this.#rotate(owner, name);
    }
    throw new EncryptionError(
      "message-limit-reached",
      `the latest version of ${name} has encrypted its message limit; rotate the key`,
    );
  }

  /**
   * Decrypts with the version the ciphertext names.
   *
   * @throws {EncryptionError} `ciphertext-malformed`; `decryption-failed` (tampered, other
   * aad, other key, a version the key lacks).
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `version-disabled`, `key-pending-deletion`.
   */
  async decrypt(owner: string, name: string, ciphertext: Uint8Array, aad: Uint8Array = EMPTY): Promise<
    Encrypted & {
      plaintext: Uint8Array;
    }
  > {
    const { version, header, sealed } = parseCiphertext(ciphertext);
    const { key, keyId } = await this.#key(owner, name, version).catch((error: unknown) => {
      if (error instanceof KeyError && error.kind === "version-not-found") throw failed(name);
      throw error;
    });
    try {
      return { plaintext: key.decrypt(associatedData(keyId, header, aad), sealed), ciphertext, version };
    } catch (error) {
      if (error instanceof PqError && error.code === PqStatus.DECRYPTION_FAILED) throw failed(name);
      throw error;
    }
  }

  /**
   * Decrypts and encrypts again under the latest version; the plaintext stays here and is wiped.
   *
   * @throws As {@link decrypt} and {@link encrypt}.
   */
  async rewrap(owner: string, name: string, ciphertext: Uint8Array, aad: Uint8Array = EMPTY): Promise<Encrypted> {
    const { plaintext } = await this.decrypt(owner, name, ciphertext, aad);
    try {
      return await this.encrypt(owner, name, plaintext, aad);
    } finally {
      plaintext.fill(0);
    }
  }

  async #key(
    owner: string,
    name: string,
    version?: number,
  ): Promise<{ key: SecretKey; version: number; keyId: string }> {
    const found = await this.#keys.privateKey(owner, name, "aead", version);
    // The purpose check makes it an AEAD key; anything else is a fault, not a refusal.
    if (!(found.key instanceof SecretKey)) throw new Error(`key ${found.keyId} is not a symmetric key`);
    return { key: found.key, version: found.version, keyId: found.keyId };
  }

  /** Rotates at the limit; a concurrent rotation by another request or replica is as good. */
  async #rotate(owner: string, name: string): Promise<void> {
    try {
      await this.#keys.rotate(owner, name);
    } catch (error) {
      if (!(error instanceof KeyError && error.kind === "conflict")) throw error;
    }
  }
}

function failed(name: string): EncryptionError {
  return new EncryptionError("decryption-failed", `The ciphertext does not decrypt under ${name} with this aad.`);
}
