/**
 * Key management and signing: the use cases behind the key routes, with no HTTP types.
 *
 * A key is a named, versioned key pair of one algorithm, owned by a tenant. Each version's
 * private key is stored only as a keystore envelope bound to (key id, version, owner,
 * algorithm), or, for keys a device holds natively, as the device's reference. Private keys
 * are opened on first use and kept as handles in a bounded cache.
 *
 * @module
 */

import {
  type Algorithm,
  FAMILY,
  type Keystore,
  type NativeAlgorithm,
  type Pqgate,
  type PqKey,
  type Protection,
  type SignatureAlgorithm,
  SigningKey,
} from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import * as repo from "../../db/keys.ts";
import type { Clock } from "../readiness.ts";
import { KeyError } from "./errors.ts";
import type { KeyCache } from "./key-cache.ts";

/** What the service needs. */
export interface KeyServiceDeps {
  readonly db: Database;
  readonly pq: Pqgate;
  readonly keystore: Keystore;
  readonly clock: Clock;
  readonly cache: KeyCache;
}

/** A key's purpose, from its algorithm's family. */
export type KeyPurpose = "kem" | "signature" | "agreement";

/** One version as clients see it (never private material). */
export interface KeyVersionView {
  readonly version: number;
  readonly publicKey: Uint8Array;
  readonly createdAt: Date;
  /** False below `minDecryptionVersion`: kept for verification, refused for private use. */
  readonly enabled: boolean;
}

/** A key as clients see it. */
export interface KeyView {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly algorithm: Algorithm;
  readonly purpose: KeyPurpose;
  readonly protection: Protection;
  readonly latestVersion: number;
  readonly minDecryptionVersion: number;
  readonly autoRotateSeconds: number | null;
  readonly deletionAllowed: boolean;
  readonly deletionAfter: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly versions: readonly KeyVersionView[];
}

/** What a client may ask for when creating a key. */
export interface CreateKeyInput {
  readonly owner: string;
  readonly name: string;
  readonly algorithm: Algorithm;
  /** Generate the key inside the device (ECDSA P-256 always is; Ed25519 on request). */
  readonly native?: boolean | undefined;
  readonly autoRotateSeconds?: number | null | undefined;
  readonly deletionAllowed?: boolean | undefined;
}

/** Settings {@link KeyService.configure} changes; absent ones stay as they are. */
export interface KeyConfigPatch {
  readonly minDecryptionVersion?: number | undefined;
  readonly autoRotateSeconds?: number | null | undefined;
  readonly deletionAllowed?: boolean | undefined;
}

/** Options of {@link KeyService.sign}. */
export interface SignInput {
  readonly message: Uint8Array;
  readonly version?: number | undefined;
  readonly context?: Uint8Array | undefined;
  readonly deterministic?: boolean | undefined;
}

/** Options of {@link KeyService.verify}. */
export interface VerifyInput {
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
  readonly version?: number | undefined;
  readonly context?: Uint8Array | undefined;
}

const NATIVE_ONLY: ReadonlySet<Algorithm> = new Set(["ECDSA-P256"]);

/** The key use cases. */
export class KeyService {
  readonly #deps: KeyServiceDeps;

  constructor(deps: KeyServiceDeps) {
    this.#deps = deps;
  }

  /** Creates a key with its first version. @throws {KeyError} `key-exists`, `unsupported-algorithm`. */
  async create(input: CreateKeyInput): Promise<KeyView> {
    const native = NATIVE_ONLY.has(input.algorithm) || input.native === true;
    if (native && !this.#nativeAlgorithms().includes(input.algorithm)) {
      throw new KeyError("unsupported-algorithm", `this keystore cannot hold ${input.algorithm} keys natively`);
    }
    const id = crypto.randomUUID();
    const first = this.#newVersion(id, input.owner, input.algorithm, 1, native);
    try {
      await repo.createKey(this.#deps.db, {
        id,
        owner: input.owner,
        name: input.name,
        algorithm: input.algorithm,
        protection: native ? "hardware" : this.#deps.keystore.protection,
        autoRotateSeconds: input.autoRotateSeconds ?? null,
        deletionAllowed: input.deletionAllowed ?? false,
      }, first);
    } catch (error) {
      if (native && first.nativeReference !== null) this.#forgetNative(input.algorithm, first.nativeReference);
      if (error instanceof repo.KeyExistsError) throw new KeyError("key-exists", `a key named ${input.name} exists`);
      throw error;
    }
    return this.get(input.owner, input.name);
  }

  /** A key and all its versions' public keys. @throws {KeyError} `key-not-found`. */
  async get(owner: string, name: string): Promise<KeyView> {
    const key = await this.#find(owner, name);
    return this.#view(key, await repo.listVersions(this.#deps.db, key.id));
  }

  /** A page of keys ordered by name, after `after`; `next` is the cursor of the next page. */
  async list(owner: string, page: { after?: string | undefined; limit: number }): Promise<{
    keys: KeyView[];
    next: string | null;
  }> {
    const rows = await repo.listKeys(this.#deps.db, owner, { after: page.after, limit: page.limit + 1 });
    const keys = rows.slice(0, page.limit).map((row) => this.#view(row, []));
    return { keys, next: rows.length > page.limit ? (keys.at(-1)?.name ?? null) : null };
  }

  /** Adds a new latest version. @throws {KeyError} `key-not-found`, `conflict` (a concurrent rotation won). */
  async rotate(owner: string, name: string): Promise<KeyView> {
    const key = await this.#find(owner, name);
    const algorithm = key.algorithm as Algorithm;
    const native = key.protection === "hardware";
    const next = this.#newVersion(key.id, owner, algorithm, key.latestVersion + 1, native);
    try {
      await repo.addVersion(this.#deps.db, key.id, key.latestVersion, next);
    } catch (error) {
      if (native && next.nativeReference !== null) this.#forgetNative(algorithm, next.nativeReference);
      if (error instanceof repo.VersionConflictError) {
        throw new KeyError("conflict", `${name} was rotated concurrently; retry`);
      }
      throw error;
    }
    return this.get(owner, name);
  }

  /** Changes rotation and deletion settings. @throws {KeyError} `key-not-found`, `invalid-config`. */
  async configure(
    owner: string,
    name: string,
    patch: KeyConfigPatch,
  ): Promise<KeyView> {
    const key = await this.#find(owner, name);
    if (patch.minDecryptionVersion !== undefined && patch.minDecryptionVersion > key.latestVersion) {
      throw new KeyError("invalid-config", `minDecryptionVersion must be at most ${key.latestVersion}`);
    }
    try {
      await repo.updateKeyConfig(this.#deps.db, key.id, withoutUndefined(patch));
    } catch (error) {
      if (error instanceof repo.InvalidConfigError) throw new KeyError("invalid-config", "invalid key configuration");
      throw error;
    }
    return this.get(owner, name);
  }

  /** Signs with a signature key (latest version unless given). */
  async sign(owner: string, name: string, input: SignInput): Promise<{ signature: Uint8Array; version: number }> {
    const key = await this.#find(owner, name);
    this.#requirePurpose(key, "signature");
    const version = input.version ?? key.latestVersion;
    const signer = await this.#privateKey(key, version);
    if (!(signer instanceof SigningKey)) throw new KeyError("wrong-key-purpose", `${name} cannot sign`);
    const options = { context: input.context, deterministic: input.deterministic };
    return { signature: signer.sign(input.message, options), version };
  }

  /** Verifies with a version's public key (disabled versions still verify). */
  async verify(owner: string, name: string, input: VerifyInput): Promise<{ valid: boolean; version: number }> {
    const key = await this.#find(owner, name);
    this.#requirePurpose(key, "signature");
    const version = input.version ?? key.latestVersion;
    const row = await repo.getVersion(this.#deps.db, key.id, version);
    if (row === undefined) throw new KeyError("version-not-found", `${name} has no version ${version}`);
    // The purpose check above makes this a signature algorithm.
    using publicKey = this.#deps.pq.importPublicKey(key.algorithm as SignatureAlgorithm, row.publicKey);
    return { valid: publicKey.verify(input.message, input.signature, { context: input.context }), version };
  }

  async #find(owner: string, name: string): Promise<repo.KeyRow> {
    const key = await repo.findKey(this.#deps.db, owner, name);
    if (key === undefined) throw new KeyError("key-not-found", `no key named ${name}`);
    return key;
  }

  #requirePurpose(key: repo.KeyRow, purpose: KeyPurpose): void {
    if (FAMILY[key.algorithm as Algorithm] !== purpose) {
      throw new KeyError("wrong-key-purpose", `${key.name} is a ${FAMILY[key.algorithm as Algorithm]} key`);
    }
  }

  /** The open private key of a version, from the cache or the keystore. */
  async #privateKey(key: repo.KeyRow, version: number): Promise<PqKey> {
    if (version < key.minDecryptionVersion) {
      throw new KeyError("version-disabled", `version ${version} of ${key.name} is below minDecryptionVersion`);
    }
    const row = await repo.getVersion(this.#deps.db, key.id, version);
    if (row === undefined) throw new KeyError("version-not-found", `${key.name} has no version ${version}`);
    const algorithm = key.algorithm as Algorithm;
    const { keystore } = this.#deps;
    return this.#deps.cache.get(`${key.id}:${version}`, () => {
      if (row.nativeReference !== null) {
        return keystore.loadNativeKey(algorithm as NativeAlgorithm, row.nativeReference);
      }
      if (row.envelope === null) throw new Error(`version ${version} of key ${key.id} has no private form`);
      return keystore.unwrap(algorithm, row.envelope, { keyId: key.id, version, owner: key.owner });
    });
  }

  /** Makes a version's private key and its stored form; the handle is freed at once. */
  #newVersion(id: string, owner: string, algorithm: Algorithm, version: number, native: boolean): repo.NewVersion {
    const { keystore, pq } = this.#deps;
    if (native) {
      const { key, reference } = keystore.generateNativeKey(algorithm as NativeAlgorithm);
      using _ = key;
      return { publicKey: key.publicKey(), envelope: null, nativeReference: reference, rootId: null };
    }
    if (!this.#softwareAlgorithm(algorithm)) {
      throw new KeyError("unsupported-algorithm", `${algorithm} keys exist only inside a device`);
    }
    using key = pq.generateKey(algorithm);
    const envelope = keystore.wrap(key, { keyId: id, version, owner });
    return { publicKey: key.publicKey(), envelope, nativeReference: null, rootId: pq.envelopeRootId(envelope) };
  }

  #softwareAlgorithm(algorithm: Algorithm): boolean {
    return this.#deps.pq.algorithmSizes(algorithm).seed > 0;
  }

  #nativeAlgorithms(): Algorithm[] {
    return this.#deps.keystore.backend === "pkcs11"
      ? ["ECDSA-P256", "Ed25519"]
      : this.#deps.keystore.backend === "tpm"
      ? ["ECDSA-P256"]
      : [];
  }

  /** Best effort: a device key whose database row was never written must not linger. */
  #forgetNative(algorithm: Algorithm, reference: Uint8Array): void {
    try {
      this.#deps.keystore.destroyNativeKey(algorithm as NativeAlgorithm, reference);
    } catch {
      // The row does not exist, so nothing can use the key; a leftover object is harmless.
    }
  }

  #view(key: repo.KeyRow, versions: repo.KeyVersionRow[]): KeyView {
    const algorithm = key.algorithm as Algorithm;
    return {
      id: key.id,
      owner: key.owner,
      name: key.name,
      algorithm,
      purpose: FAMILY[algorithm],
      protection: key.protection as Protection,
      latestVersion: key.latestVersion,
      minDecryptionVersion: key.minDecryptionVersion,
      autoRotateSeconds: key.autoRotateSeconds,
      deletionAllowed: key.deletionAllowed,
      deletionAfter: key.deletionAfter,
      createdAt: key.createdAt,
      updatedAt: key.updatedAt,
      versions: versions.map((v) => ({
        version: v.version,
        publicKey: v.publicKey,
        createdAt: v.createdAt,
        enabled: v.version >= key.minDecryptionVersion,
      })),
    };
  }
}

/** The patch with absent settings dropped, so the repository never writes `undefined`. */
function withoutUndefined(patch: KeyConfigPatch): {
  minDecryptionVersion?: number;
  autoRotateSeconds?: number | null;
  deletionAllowed?: boolean;
} {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
