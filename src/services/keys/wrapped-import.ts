/**
 * Key import (BYOK). Wrapped import is the default: `params` issues a fresh X-Wing import key
 * and a single-use, short-lived import token bound to the owner and the algorithm; the client
 * seals its private key to it with HPKE (`src/common/wrapped-import.ts` fixes the suite and
 * the info) and `importWrapped` opens the sealed key inside the native library straight into a
 * key handle, then takes the ordinary import path (validation, wrap at rest, binding). The
 * plaintext import (the private key in the request body) is refused unless the operator
 * enabled it (`PQGATE_ALLOW_PLAINTEXT_IMPORT`).
 *
 * Import keys live in the database wrapped by the keystore root, so a token issued by one
 * replica is usable on any other; a token is taken with one atomic DELETE (single use: a
 * replayed request finds nothing), expired ones are purged by the key sweep.
 *
 * @module
 */

import { type AeadAlgorithm, type Algorithm, type Keystore, PqError, type Pqgate, PqStatus } from "../../../ffi/mod.ts";
import type { Clock } from "../../common/clock.ts";
import { wrappedImportInfo } from "../../common/wrapped-import.ts";
import type { Database } from "../../db/client.ts";
import { insertImportKey, purgeExpiredImportKeys, takeImportKey } from "../../db/import-keys.ts";
import { EncryptionError } from "../encryption/errors.ts";
import { HPKE_AEAD_IDS, HPKE_KDF, HPKE_KEM_IDS } from "../encryption/hpke-service.ts";
import { KeyError } from "./errors.ts";
import type { KeyService } from "./key-service.ts";
import type { ImportKeyInput, KeyAlgorithm, KeyView } from "./types.ts";

/** How long an import token lives unless configured (`PQGATE_IMPORT_TOKEN_TTL`). */
export const DEFAULT_IMPORT_TOKEN_TTL_SECONDS = 600;
/** The one HPKE suite of wrapped import (ids as in docs/ENCRYPTION.md). */
export const WRAPPED_IMPORT_SUITE = {
  kem: "X-Wing",
  kemId: HPKE_KEM_IDS["X-Wing"],
  kdf: HPKE_KDF.name,
  kdfId: HPKE_KDF.id,
  aead: "AES-256-GCM",
  aeadId: HPKE_AEAD_IDS["AES-256-GCM"],
} as const;
const AEAD: AeadAlgorithm = WRAPPED_IMPORT_SUITE.aead;

/** What the service needs. */
export interface ImportServiceDeps {
  readonly db: Database;
  readonly pq: Pqgate;
  readonly keystore: Keystore;
  readonly keys: KeyService;
  readonly clock: Clock;
  /** Import token lifetime in seconds (default 10 minutes). */
  readonly ttlSeconds?: number | undefined;
  /** Whether the plaintext import form is allowed (default: no). */
  readonly allowPlaintext?: boolean | undefined;
}

/** An issued import token and the key to seal to. */
export interface ImportParams {
  readonly importToken: string;
  readonly algorithm: KeyAlgorithm;
  readonly publicKey: Uint8Array;
  readonly suite: typeof WRAPPED_IMPORT_SUITE;
  readonly expiresAt: Date;
}

/** A wrapped import request. */
export interface WrappedImportInput extends Omit<ImportKeyInput, "privateKey"> {
  readonly importToken: string;
  /** The HPKE encapsulated key (X-Wing ciphertext). */
  readonly enc: Uint8Array;
  /** The HPKE ciphertext of the private key (seed or expanded form) and its tag. */
  readonly sealedKey: Uint8Array;
}

/** The import use cases. */
export class ImportService {
  readonly #deps: ImportServiceDeps;

  constructor(deps: ImportServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Issues an import token for `algorithm` to `owner`.
   *
   * @throws {KeyError} `unsupported-algorithm`.
   */
  async params(owner: string, algorithm: KeyAlgorithm): Promise<ImportParams> {
    const { db, pq, keystore, keys, clock } = this.#deps;
    if (!keys.importable(algorithm)) {
      throw new KeyError("unsupported-algorithm", `${algorithm} keys cannot be imported`);
    }
    const importToken = crypto.randomUUID();
    const expiresAt = new Date(
      clock.now().getTime() + (this.#deps.ttlSeconds ?? DEFAULT_IMPORT_TOKEN_TTL_SECONDS) * 1000,
    );
    using key = pq.generateKey("X-Wing");
    const publicKey = key.publicKey();
    const envelope = keystore.wrap(key, binding(importToken, owner));
    const rootId = keystore.currentRoot().id;
    await insertImportKey(db, { id: importToken, owner, algorithm, publicKey, envelope, rootId, expiresAt });
    return { importToken, algorithm, publicKey, suite: WRAPPED_IMPORT_SUITE, expiresAt };
  }

  /**
   * Imports a private key sealed to the import key of `input.importToken`; the token is used up
   * whatever the outcome.
   *
   * @throws {KeyError} `import-token-invalid` (unknown, used, expired, another owner's, issued
   * for another algorithm); `key-exists`, `unsupported-algorithm`.
   * @throws {EncryptionError} `decryption-failed` (sealed with another info: other name,
   * algorithm or token; another import key; modified).
   */
  async importWrapped(input: WrappedImportInput): Promise<KeyView> {
    const { db, pq, keystore, keys, clock } = this.#deps;
    const { importToken, enc, sealedKey, ...rest } = input;
    const row = await takeImportKey(db, importToken, input.owner);
    if (row === undefined || row.expiresAt.getTime() <= clock.now().getTime()) {
      throw new KeyError(
        "import-token-invalid",
        "the import token is unknown, used or expired: request new import-params",
      );
    }
    if (row.algorithm !== input.algorithm) {
      throw new KeyError("import-token-invalid", `the import token was issued for ${row.algorithm} keys`);
    }
    using importKey = keystore.unwrap("X-Wing", row.envelope, binding(importToken, input.owner));
    const info = wrappedImportInfo(input.algorithm, input.name, importToken);
    try {
      return await keys.importOpened(
        rest,
        () => pq.hpkeOpenKey(importKey, input.algorithm as Algorithm, { aead: AEAD, enc, ciphertext: sealedKey, info }),
      );
    } catch (error) {
      if (error instanceof PqError && error.code === PqStatus.DECRYPTION_FAILED) {
        throw new EncryptionError(
          "decryption-failed",
          "The sealed key does not open: seal it to this token's import key with this algorithm, name and token in info.",
        );
      }
      throw error;
    }
  }

  /**
   * The plaintext import, if the operator allows it.
   *
   * @throws {KeyError} `plaintext-import-disabled`; as {@link KeyService.import}.
   */
  async importPlaintext(input: ImportKeyInput): Promise<KeyView> {
    if (this.#deps.allowPlaintext !== true) {
      input.privateKey.fill(0);
      throw new KeyError(
        "plaintext-import-disabled",
        "Importing a private key in plaintext is disabled: POST /v1/keys/import-params, seal the key to the " +
          "returned import key with HPKE and POST {name, algorithm, importToken, enc, sealedKey} (docs/KEYSTORES.md).",
      );
    }
    return await this.#deps.keys.import(input);
  }

  /** Deletes the expired import tokens; returns how many. */
  purgeExpired(): Promise<number> {
    return purgeExpiredImportKeys(this.#deps.db, this.#deps.clock.now());
  }
}

/** The keystore binding of an import key's envelope: its own id space, apart from key ids. */
function binding(importToken: string, owner: string) {
  return { keyId: `import:${importToken}`, version: 1, owner };
}
