/**
 * Envelope encryption with post-quantum keys (like a KMS's GenerateDataKey): the gateway
 * makes a random data key, returns it in the clear for the caller to encrypt with locally,
 * and wrapped under a stored KEM key for the caller to keep beside the data. Later only the
 * gateway, holding the KEM private key, can unwrap it.
 *
 * Wrapping: encapsulate to the key version's public key, derive a wrapping key from the
 * shared secret with HKDF bound to (key name, version, algorithm, aad, KEM ciphertext), and
 * AES-256-GCM-seal the data key (format in `wrapped-key.ts`). The blob names its key
 * version, so blobs made before a rotation still unwrap — unless `minDecryptionVersion`
 * has since disabled that version.
 *
 * @module
 */

import { KemPrivateKey, type Pqgate } from "../../../ffi/mod.ts";
import { KeyError } from "../keys/errors.ts";
import { labelled } from "../../common/bytes.ts";
import type { KemKeySource } from "../keys/types.ts";
import { DataKeyError } from "./errors.ts";
import {
  type DataKeySize,
  encodeWrapped,
  parseHeader,
  splitBody,
  WRAP_LABEL,
  type WrapBinding,
  wrappingBinding,
} from "./wrapped-key.ts";

/** What the service needs. */
export interface DataKeyServiceDeps {
  readonly pq: Pqgate;
  readonly keys: KemKeySource;
}

/** Options of {@link DataKeyService.generate}. */
export interface GenerateInput {
  readonly version?: number | undefined;
  readonly bytes?: DataKeySize | undefined;
  readonly aad?: Uint8Array | undefined;
}

/** A new data key: `plaintext` for immediate use (then wipe it), `wrapped` to store. */
export interface GeneratedDataKey {
  readonly plaintext: Uint8Array;
  readonly wrapped: Uint8Array;
  readonly version: number;
}

const EMPTY = new Uint8Array(0);

/** The data-key use cases. */
export class DataKeyService {
  readonly #deps: DataKeyServiceDeps;

  constructor(deps: DataKeyServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Generates a data key wrapped under key `name` (latest version unless given).
   *
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `version-not-found`, `version-disabled`.
   */
  async generate(owner: string, name: string, input: GenerateInput = {}): Promise<GeneratedDataKey> {
    const { key, version } = await this.#kemKey(owner, name, input.version);
    const { pq } = this.#deps;
    const { ciphertext, sharedSecret } = key.encapsulate();
    const wrappingKey = this.#wrappingKey(sharedSecret, {
      keyName: name,
      version,
      algorithm: key.algorithm,
      aad: input.aad ?? EMPTY,
      ciphertext,
    });
    const plaintext = pq.randomBytes(input.bytes ?? 32);
    try {
      const sealed = pq.aeadSeal("AES-256-GCM", wrappingKey, EMPTY, plaintext);
      return { plaintext, wrapped: encodeWrapped(version, ciphertext, sealed), version };
    } catch (error) {
      plaintext.fill(0);
      throw error;
    } finally {
      wrappingKey.fill(0);
    }
  }

  /**
   * Unwraps a blob from {@link generate} with the key version it names.
   *
   * @throws {DataKeyError} `wrapped-key-malformed` (not a blob of this key: bad format,
   * length, or a version the key does not have); `decryption-failed` (tampered, other aad,
   * other key).
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `version-disabled`.
   */
  async unwrap(owner: string, name: string, wrapped: Uint8Array, aad: Uint8Array = EMPTY): Promise<Uint8Array> {
    const { version, body } = parseHeader(wrapped);
    const { key } = await this.#kemKey(owner, name, version).catch((error: unknown) => {
      if (error instanceof KeyError && error.kind === "version-not-found") {
        throw new DataKeyError(
          "wrapped-key-malformed",
          `The wrapped key names version ${version}, which ${name} lacks.`,
        );
      }
      throw error;
    });
    const { ciphertext, sealed } = splitBody(body, this.#deps.pq.algorithmSizes(key.algorithm).ciphertext);
    const sharedSecret = key.decapsulate(ciphertext);
    const wrappingKey = this.#wrappingKey(sharedSecret, {
      keyName: name,
      version,
      algorithm: key.algorithm,
      aad,
      ciphertext,
    });
    try {
      return this.#deps.pq.aeadOpen("AES-256-GCM", wrappingKey, EMPTY, sealed);
    } catch {
      throw new DataKeyError("decryption-failed", "The wrapped key does not open under this key and aad.");
    } finally {
      wrappingKey.fill(0);
    }
  }

  /** The wrapping key; wipes the shared secret. */
  #wrappingKey(sharedSecret: Uint8Array, binding: WrapBinding): Uint8Array {
    try {
      const { pq } = this.#deps;
      const info = labelled(WRAP_LABEL, pq.hash("SHA-256", wrappingBinding(binding)));
      return pq.hkdf("SHA-256", sharedSecret, EMPTY, info, 32);
    } finally {
      sharedSecret.fill(0);
    }
  }

  async #kemKey(
    owner: string,
    name: string,
    version: number | undefined,
  ): Promise<{ key: KemPrivateKey; version: number }> {
    const opened = await this.#deps.keys.privateKey(owner, name, "kem", version);
    // The purpose check in `privateKey` makes this a KEM key; anything else is our bug (500).
    if (!(opened.key instanceof KemPrivateKey)) throw new Error(`key ${name} did not open as a KEM key`);
    return { key: opened.key, version: opened.version };
  }
}
