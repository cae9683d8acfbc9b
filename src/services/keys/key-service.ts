/**
 * Key management and signing: the use cases behind the key routes, with no HTTP types.
 *
 * A key is a named, versioned key pair of one algorithm, owned by a tenant. Each version's
 * private key is stored only as a keystore envelope bound to (key id, version, owner,
 * algorithm), or, for keys a device holds natively, as the device's reference. Every version's
 * public key and device reference are bound to the key by a MAC (`key-binding.ts`), checked
 * before the version is used or shown. Private keys are opened on first use (after that check)
 * and kept as handles in a bounded cache. On the read path (sign, verify, private keys for other
 * services) key rows and checked version rows come from memory (`key-rows.ts`) while the
 * database's change feed allows, through queries prepared once.
 *
 * @module
 */

import {
  type Algorithm,
  hasPublicKey,
  type Keystore,
  type NativeAlgorithm,
  PqError,
  type Pqgate,
  type PqKey,
  type Protection,
  type SignatureAlgorithm,
  SigningKey,
} from "../../../ffi/mod.ts";
import type { Database } from "../../db/client.ts";
import * as repo from "../../db/keys.ts";
import type { Clock } from "../../common/clock.ts";
import { MAX_STORED_INT } from "../../common/sizes.ts";
import { KeyError } from "./errors.ts";
import { type BoundKey, KeyBindings } from "./key-binding.ts";
import type { KeyCache } from "./key-cache.ts";
import { KeyRows } from "./key-rows.ts";
import type {
  CreateKeyInput,
  ImportKeyInput,
  KeyAlgorithm,
  KeyConfigPatch,
  KeyPurpose,
  KeyView,
  SignInput,
  VerifyInput,
} from "./types.ts";
import { keyView, purposeOf } from "./views.ts";
import { keyNameMatches } from "../auth/key-pattern.ts";
import { lengthPrefixed, splitLengthPrefixed } from "../../common/bytes.ts";
import {
  CURRENT_HYBRID_SCHEME,
  HYBRID,
  HYBRID_PARTS,
  type HybridScheme,
  hybridSign,
  hybridVerify,
  isHybridScheme,
} from "../../common/hybrid.ts";

export type * from "./types.ts";

/** What the service needs. */
export interface KeyServiceDeps {
  readonly db: Database;
  readonly pq: Pqgate;
  readonly keystore: Keystore;
  readonly clock: Clock;
  readonly cache: KeyCache;
  /**
   * The namespace this service addresses: `user` (the default; the key routes, sessions and
   * data keys) or an internal one, reached only through {@link KeyService.internal}.
   */
  readonly namespace?: repo.KeyNamespace;
  /** The key bindings (shared by the namespaces of one process); made from the above when absent. */
  readonly bindings?: KeyBindings;
  /** The read path's cached rows (shared by the namespaces of one process); none cached when absent. */
  readonly rows?: KeyRows;
  /**
   * Loads root keys this process lacks (a fleet node: KEKs made elsewhere, docs/FLEET.md). An
   * unwrap that finds no root for its envelope calls it once and tries again.
   */
  readonly refreshRoots?: () => Promise<void>;
}

/** What {@link KeyService.purgeDue} did. */
export interface PurgeReport {
  /** Keys deleted. */
  readonly deleted: number;
  /**
   * Device keys left in the device because their version failed its binding check (the
   * reference may be another key's): the operator's to inspect. Key ids and versions only.
   */
  readonly deviceKeysKept: readonly { readonly keyId: string; readonly version: number }[];
}

const NATIVE_ONLY: ReadonlySet<Algorithm> = new Set(["ECDSA-P256"]);

/** The algorithms that sign and verify an external μ (FIPS 204); not the hybrid, which signs the message. */
const EXTERNAL_MU: ReadonlySet<string> = new Set(["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"]);

function requireMlDsa(key: repo.KeyRow): void {
  if (!EXTERNAL_MU.has(key.algorithm)) {
    throw new KeyError("unsupported-algorithm", `${key.name} is ${key.algorithm}: mu applies to ML-DSA keys only`);
  }
}

/** The key use cases. */
export class KeyService {
  readonly #deps: KeyServiceDeps & { readonly bindings: KeyBindings; readonly rows: KeyRows };
  readonly #reads: repo.KeyReads;

  constructor(deps: KeyServiceDeps, reads?: repo.KeyReads) {
    this.#deps = { ...deps, bindings: deps.bindings ?? new KeyBindings(deps), rows: deps.rows ?? new KeyRows(0) };
    this.#reads = reads ?? repo.prepareKeyReads(deps.db);
  }

  /** The key bindings: readiness asks them, and the first start binds existing versions. */
  get bindings(): KeyBindings {
    return this.#deps.bindings;
  }

  /**
   * The same use cases over an internal namespace (`sync`: custodial account keys), for the
   * services that own those keys. Names there never collide with, and are never reachable as,
   * the user keys the key API, sessions and data keys address.
   */
  internal(namespace: Exclude<repo.KeyNamespace, "user">): KeyService {
    return new KeyService({ ...this.#deps, namespace }, this.#reads);
  }

  get #namespace(): repo.KeyNamespace {
    return this.#deps.namespace ?? "user";
  }

  /** Creates a key with its first version. @throws {KeyError} `key-exists`, `unsupported-algorithm`. */
  async create(input: CreateKeyInput): Promise<KeyView> {
    const native = NATIVE_ONLY.has(input.algorithm as Algorithm) || input.native === true;
    if (native && !this.#nativeAlgorithms().includes(input.algorithm as Algorithm)) {
      throw new KeyError("unsupported-algorithm", `this keystore cannot hold ${input.algorithm} keys natively`);
    }
    const id = crypto.randomUUID();
    const first = this.#newVersion(id, input.owner, input.algorithm, 1, native);
    return await this.#insert(id, input, native ? "hardware" : this.#deps.keystore.protection, first);
  }

  /**
   * Imports a client's private key as version 1 (BYOK): validated by the library (FIPS 203
   * §7.3 check, pairwise consistency), then stored only as an envelope. Later rotations
   * generate fresh keys in the gateway. The caller should wipe `privateKey` afterwards.
   *
   * @throws {KeyError} `key-exists`, `unsupported-algorithm`; {PqError} `INVALID_LENGTH`, `INVALID_KEY`.
   */
  async import(input: ImportKeyInput): Promise<KeyView> {
    const { privateKey, ...rest } = input;
    try {
      return await this.importOpened(
        rest,
        () => this.#deps.pq.importPrivateKey(input.algorithm as Algorithm, privateKey),
      );
    } finally {
      // The decoded private key is now only in Rust (and wrapped): wipe the caller's copy.
      privateKey.fill(0);
    }
  }

  /**
   * The import path of {@link import} for a key already inside the library: `open` makes its
   * handle (a wrapped import opens the client's sealed key straight into one), which is
   * wrapped as version 1 and freed.
   *
   * @throws {KeyError} `key-exists`, `unsupported-algorithm`; what `open` throws.
   */
  async importOpened(input: Omit<ImportKeyInput, "privateKey">, open: () => PqKey): Promise<KeyView> {
    if (!this.importable(input.algorithm)) {
      throw new KeyError("unsupported-algorithm", `${input.algorithm} keys cannot be imported`);
    }
    const id = crypto.randomUUID();
    let first: repo.NewVersion;
    {
      using key = open();
      first = this.#wrapVersion(id, input.owner, 1, key);
    }
    return await this.#insert(id, input, this.#deps.keystore.protection, first);
  }

  /** Whether keys of `algorithm` can be imported (software keys; not the hybrid pair). */
  importable(algorithm: KeyAlgorithm): boolean {
    return algorithm !== HYBRID && this.#softwareAlgorithm(algorithm);
  }

  async #insert(
    id: string,
    input: CreateKeyInput | Omit<ImportKeyInput, "privateKey">,
    protection: Protection,
    first: repo.NewVersion,
  ): Promise<KeyView> {
    const key = { id, owner: input.owner, namespace: this.#namespace, name: input.name, algorithm: input.algorithm };
    try {
      const bindingMac = await this.#deps.bindings.mac({ ...key, protection }, { version: 1, ...first });
      await repo.createKey(this.#deps.db, {
        ...key,
        protection,
        autoRotateSeconds: input.autoRotateSeconds ?? null,
        deletionAllowed: input.deletionAllowed ?? false,
      }, { ...first, bindingMac });
    } catch (error) {
      if (first.nativeReference !== null) this.#forgetNative(input.algorithm as Algorithm, first.nativeReference);
      if (error instanceof repo.KeyExistsError) throw new KeyError("key-exists", `a key named ${input.name} exists`);
      throw error;
    }
    return this.get(input.owner, input.name);
  }

  /**
   * Schedules the key's deletion after a grace period; meanwhile it verifies but refuses
   * private operations. Needs `deletionAllowed`.
   *
   * @throws {KeyError} `key-not-found`, `deletion-not-allowed`.
   */
  async scheduleDeletion(owner: string, name: string, graceSeconds: number): Promise<KeyView> {
    const key = await this.#findChecked(owner, name);
    const after = new Date(this.#deps.clock.now().getTime() + graceSeconds * 1000);
    if (!(await repo.scheduleDeletion(this.#deps.db, key.id, after))) {
      throw new KeyError("deletion-not-allowed", `${name} does not allow deletion; configure deletionAllowed first`);
    }
    this.#changed(key.id);
    return this.get(owner, name);
  }

  /** Cancels a scheduled deletion. @throws {KeyError} `key-not-found`. */
  async cancelDeletion(owner: string, name: string): Promise<KeyView> {
    const key = await this.#findChecked(owner, name);
    await repo.cancelDeletion(this.#deps.db, key.id);
    this.#changed(key.id);
    return this.get(owner, name);
  }

  /** Rotates keys whose auto-rotation period has passed (a few per call); returns how many. */
  async rotateDue(limit = 50): Promise<number> {
    let rotated = 0;
    for (const key of await repo.keysDueForRotation(this.#deps.db, this.#deps.clock.now(), limit)) {
      try {
        // No view is answered, so nothing of the older versions is read or shown.
        await this.#addVersion(key);
        rotated++;
      } catch (error) {
        // Another replica rotated it first: nothing left to do for this key.
        if (!(error instanceof KeyError && error.kind === "conflict")) throw error;
      }
    }
    return rotated;
  }

  /**
   * Deletes every key whose grace period is over, and its device keys, but only those whose
   * version passes its binding check: a reference copied from another key's row must not
   * destroy that key's device object.
   */
  async purgeDue(): Promise<PurgeReport> {
    await this.#deps.bindings.ready();
    const due = await repo.keysDueForDeletion(this.#deps.db, this.#deps.clock.now());
    const deviceKeysKept: { keyId: string; version: number }[] = [];
    for (const key of due) {
      const versions = await repo.listVersions(this.#deps.db, key.id);
      const destroy: Uint8Array[] = [];
      for (const v of versions) {
        if (v.nativeReference === null) continue;
        if (await this.#bound(key, v)) destroy.push(v.nativeReference);
        else deviceKeysKept.push({ keyId: key.id, version: v.version });
      }
      this.#changed(key.id);
      if (await repo.deleteKey(this.#deps.db, key.id)) {
        this.#changed(key.id);
        for (const reference of destroy) this.#forgetNative(key.algorithm as Algorithm, reference);
      }
    }
    return { deleted: due.length, deviceKeysKept };
  }

  /** A key and all its versions' public keys. @throws {KeyError} `key-not-found`, `key-integrity-failed`. */
  async get(owner: string, name: string): Promise<KeyView> {
    const key = await this.#find(owner, name);
    return keyView(key, await this.#checkedVersions(key));
  }

  /**
   * The key's latest version number, `undefined` for no such key. Read through `tx` when a
   * caller must see it inside its own transaction (after taking its locks).
   */
  async latestVersion(owner: string, name: string, tx: Database = this.#deps.db): Promise<number | undefined> {
    return (await repo.findKey(tx, owner, name, this.#namespace))?.latestVersion;
  }

  /**
   * A page of keys ordered by name, after `after`, whose names `pattern` matches (a token's
   * key pattern: every key when absent); `next` is the cursor of the next page.
   */
  async list(
    owner: string,
    page: { after?: string | undefined; limit: number; pattern?: string | undefined },
  ): Promise<{
    keys: KeyView[];
    next: string | null;
  }> {
    await this.#deps.bindings.ready();
    const rows = await repo.listKeys(this.#deps.db, owner, {
      after: page.after,
      limit: page.limit + 1,
      pattern: page.pattern,
      namespace: this.#namespace,
    });
    // The database filtered by the same pattern; checked again with the key routes' matcher.
    const shown = rows.slice(0, page.limit)
      .filter((row) => page.pattern === undefined || keyNameMatches(page.pattern, row.name));
    const versions = await repo.listVersionsOfKeys(this.#deps.db, shown.map((row) => row.id));
    const keys: KeyView[] = [];
    for (const row of shown) {
      const own = versions.get(row.id) ?? [];
      for (const v of own) await this.#deps.bindings.check(row, v);
      keys.push(keyView(row, own));
    }
    return { keys, next: rows.length > page.limit ? (keys.at(-1)?.name ?? null) : null };
  }

  /**
   * Adds a new latest version.
   *
   * @throws {KeyError} `key-not-found`, `key-integrity-failed`, `conflict` (a concurrent rotation won).
   */
  async rotate(owner: string, name: string): Promise<KeyView> {
    await this.#addVersion(await this.#findChecked(owner, name));
    return this.get(owner, name);
  }

  /** Adds version `latest + 1`, bound to `key`. */
  async #addVersion(key: repo.KeyRow): Promise<void> {
    const algorithm = key.algorithm as KeyAlgorithm;
    const native = key.protection === "hardware";
    const version = key.latestVersion + 1;
    const next = this.#newVersion(key.id, key.owner, algorithm, version, native);
    try {
      const bindingMac = await this.#deps.bindings.mac(key, { version, ...next });
      await repo.addVersion(this.#deps.db, key.id, key.latestVersion, { ...next, bindingMac });
      this.#changed(key.id);
    } catch (error) {
      if (native && next.nativeReference !== null) this.#forgetNative(algorithm as Algorithm, next.nativeReference);
      if (error instanceof repo.VersionConflictError) {
        // The row this rotation started from is stale (another replica rotated): a retry reads afresh.
        this.#changed(key.id);
        throw new KeyError("conflict", `${key.name} was rotated concurrently; retry`);
      }
      throw error;
    }
  }

  /**
   * Changes rotation, deletion and enablement settings.
   * @throws {KeyError} `key-not-found`, `invalid-config`.
   */
  async configure(
    owner: string,
    name: string,
    patch: KeyConfigPatch,
  ): Promise<KeyView> {
    const key = await this.#findChecked(owner, name);
    if (patch.minDecryptionVersion !== undefined && patch.minDecryptionVersion > key.latestVersion) {
      throw new KeyError("invalid-config", `minDecryptionVersion must be at most ${key.latestVersion}`);
    }
    try {
      await repo.updateKeyConfig(this.#deps.db, key.id, patch);
      this.#changed(key.id);
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
    if (input.mu !== undefined) requireMlDsa(key);
    if (key.algorithm === HYBRID && input.message !== undefined) {
      const { scheme, mlDsa, ed25519 } = await this.#hybridKeys(key, version);
      const { message, context, deterministic } = input;
      return { signature: hybridSign(this.#deps.pq, scheme, mlDsa, ed25519, message, context, deterministic), version };
    }
    const signer = await this.#privateKey(key, version);
    if (!(signer instanceof SigningKey)) throw new KeyError("wrong-key-purpose", `${name} cannot sign`);
    if (input.mu !== undefined) {
      return { signature: signer.signMu(input.mu, { deterministic: input.deterministic }), version };
    }
    const options = { context: input.context, deterministic: input.deterministic };
    return { signature: await signer.signAsync(input.message, options), version };
  }

  /** Verifies with a version's public key (disabled versions still verify). */
  async verify(owner: string, name: string, input: VerifyInput): Promise<{ valid: boolean; version: number }> {
    const key = await this.#find(owner, name);
    this.#requirePurpose(key, "signature");
    const version = input.version ?? key.latestVersion;
    if (input.mu !== undefined) requireMlDsa(key);
    const row = await this.#checkedVersion(key, version);
    if (key.algorithm === HYBRID && input.message !== undefined) {
      // The version's own scheme only: a signature of the other construction never verifies.
      const scheme = hybridSchemeOf(key, row);
      return {
        valid: hybridVerify(this.#deps.pq, scheme, row.publicKey, input.message, input.signature, input.context),
        version,
      };
    }
    // The purpose check above makes this a signature algorithm.
    using publicKey = this.#deps.pq.importPublicKey(key.algorithm as SignatureAlgorithm, row.publicKey);
    if (input.mu !== undefined) return { valid: publicKey.verifyMu(input.mu, input.signature), version };
    return { valid: publicKey.verify(input.message, input.signature, { context: input.context }), version };
  }

  /**
   * The open private key of a key's version (latest unless given), after checking its
   * purpose, for other services (sessions, data keys). Never dispose it: the cache owns it.
   *
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `version-not-found`, `version-disabled`.
   */
  async privateKey(
    owner: string,
    name: string,
    purpose: KeyPurpose,
    version?: number,
  ): Promise<{ key: PqKey; algorithm: Algorithm; version: number; keyId: string }> {
    const row = await this.#find(owner, name);
    this.#requirePurpose(row, purpose);
    const chosen = version ?? row.latestVersion;
    const key = await this.#privateKey(row, chosen);
    return { key, algorithm: row.algorithm as Algorithm, version: chosen, keyId: row.id };
  }

  /** What key `name` is for (its algorithm's family), from the cached row. @throws {KeyError} `key-not-found`. */
  async purpose(owner: string, name: string): Promise<KeyPurpose> {
    return purposeOf((await this.#find(owner, name)).algorithm as KeyAlgorithm);
  }

  /** What an encryption key does at its message limit (`rotate` unless configured `refuse`). */
  async messageLimitAction(owner: string, name: string): Promise<"rotate" | "refuse"> {
    return (await this.#find(owner, name)).messageLimitAction === "refuse" ? "refuse" : "rotate";
  }

  async #find(owner: string, name: string): Promise<repo.KeyRow> {
    await this.#deps.bindings.ready(); // before reading rows: the first start binds existing versions
    const namespace = this.#namespace;
    const key = await this.#deps.rows.key(namespace, owner, name, () => this.#reads.findKey(owner, name, namespace));
    if (key === undefined) throw new KeyError("key-not-found", `no key named ${name}`);
    return key;
  }

  /**
   * Version `version` of `key`, its binding checked (from memory when it was checked before,
   * for these key row fields, and nothing changed since). @throws {KeyError} `version-not-found`,
   * `key-integrity-failed`.
   */
  #checkedVersion(key: repo.KeyRow, version: number): Promise<repo.KeyVersionRow> {
    // No such version can exist, and the database would refuse to even look (a 32-bit column):
    // a batch item or a data-key blob naming one fails as any missing version does.
    if (!Number.isInteger(version) || version < 1 || version > MAX_STORED_INT) {
      return Promise.reject(new KeyError("version-not-found", `${key.name} has no version ${version}`));
    }
    return this.#deps.rows.checkedVersion(cacheId(key, version), async () => {
      const row = await this.#reads.getVersion(key.id, version);
      if (row === undefined) throw new KeyError("version-not-found", `${key.name} has no version ${version}`);
      await this.#deps.bindings.check(key, row);
      return row;
    });
  }

  /** This process changed key `keyId`: its cached rows and open handles go at once. */
  #changed(keyId: string): void {
    this.#deps.rows.changed(keyId);
    this.#deps.cache.forget(keyId);
  }

  /** The key, after checking every version's binding (before a change whose answer shows them). */
  async #findChecked(owner: string, name: string): Promise<repo.KeyRow> {
    const key = await this.#find(owner, name);
    await this.#checkedVersions(key);
    return key;
  }

  /** Every version of `key`, each checked against its binding MAC. @throws {KeyError} `key-integrity-failed`. */
  async #checkedVersions(key: repo.KeyRow): Promise<repo.KeyVersionRow[]> {
    const versions = await repo.listVersions(this.#deps.db, key.id);
    for (const v of versions) await this.#deps.bindings.check(key, v);
    return versions;
  }

  /** Whether a version passes its binding check (a refusal is `false`; outages are thrown). */
  async #bound(key: repo.KeyRow, version: repo.KeyVersionRow): Promise<boolean> {
    try {
      await this.#deps.bindings.check(key, version);
      return true;
    } catch (error) {
      if (error instanceof KeyError && error.kind === "key-integrity-failed") return false;
      throw error;
    }
  }

  #requirePurpose(key: repo.KeyRow, purpose: KeyPurpose): void {
    const actual = purposeOf(key.algorithm as KeyAlgorithm);
    if (actual !== purpose) {
      throw new KeyError("wrong-key-purpose", `${key.name} is a ${actual} key`);
    }
  }

  /**
   * Both parts of a hybrid key's version, from the cache or the keystore, and the version's
   * scheme. The row's binding is checked before its scheme is trusted (the scheme is bound too:
   * a database writer must not turn a scheme 2 version back to scheme 1 under a cached handle);
   * a cached checked row is dropped when the database changes it.
   */
  async #hybridKeys(
    key: repo.KeyRow,
    version: number,
  ): Promise<{ scheme: HybridScheme; mlDsa: SigningKey; ed25519: SigningKey }> {
    const row = await this.#usableVersion(key, version);
    const scheme = hybridSchemeOf(key, row);
    const parts = row.envelope === null ? undefined : splitHybrid(row.envelope);
    if (parts === undefined) throw new Error(`version ${version} of hybrid key ${key.id} is malformed`);
    const binding = { keyId: key.id, version, owner: key.owner };
    const { cache, keystore } = this.#deps;
    const [mlDsa, ed25519] = HYBRID_PARTS;
    return {
      scheme,
      mlDsa: await this.#withRoots(() =>
        cache.get(`${cacheId(key, version)}:${mlDsa}`, () => keystore.unwrap(mlDsa, parts[0], binding))
      ),
      ed25519: await this.#withRoots(() =>
        cache.get(`${cacheId(key, version)}:${ed25519}`, () => keystore.unwrap(ed25519, parts[1], binding))
      ),
    };
  }

  /**
   * Refuses private use of a disabled key, of a key pending deletion or of a version below
   * `minDecryptionVersion`. Every use of a private handle passes here, the cached ones too,
   * with the key row as the read path's cache has it (dropped on every replica when the row
   * changes: migration 0010).
   */
  #requireUsable(key: repo.KeyRow, version: number): void {
    if (!key.enabled) {
      throw new KeyError("key-disabled", `${key.name} is disabled; enable it to use its private key`);
    }
    if (key.deletionAfter !== null) {
      throw new KeyError("key-pending-deletion", `${key.name} is scheduled for deletion; cancel it to use the key`);
    }
    if (version < key.minDecryptionVersion) {
      throw new KeyError("version-disabled", `version ${version} of ${key.name} is below minDecryptionVersion`);
    }
  }

  /** The version row, its binding checked, if its private key may be used now. */
  #usableVersion(key: repo.KeyRow, version: number): Promise<repo.KeyVersionRow> {
    this.#requireUsable(key, version);
    return this.#checkedVersion(key, version);
  }

  async #privateKey(key: repo.KeyRow, version: number): Promise<PqKey> {
    if (key.algorithm === HYBRID) throw new KeyError("wrong-key-purpose", `${key.name} is a hybrid signing key`);
    this.#requireUsable(key, version);
    // The hot path: an open handle needs no second query for the version row, nor a second
    // binding check: it was checked when cached, for the key row fields in its cache id.
    const id = cacheId(key, version);
    const cached = this.#deps.cache.peek(id);
    if (cached !== undefined) return cached;
    const row = await this.#usableVersion(key, version);
    const algorithm = key.algorithm as Algorithm;
    const { keystore } = this.#deps;
    return await this.#withRoots(() =>
      this.#deps.cache.get(id, () => {
        if (row.nativeReference !== null) {
          return keystore.loadNativeKey(algorithm as NativeAlgorithm, row.nativeReference);
        }
        if (row.envelope === null) throw new Error(`version ${version} of key ${key.id} has no private form`);
        return keystore.unwrap(algorithm, row.envelope, { keyId: key.id, version, owner: key.owner });
      })
    );
  }

  /** `open()`; if no root opens its envelope and this process can load more roots, once more after loading them. */
  async #withRoots<T>(open: () => T): Promise<T> {
    try {
      return open();
    } catch (error) {
      const refresh = this.#deps.refreshRoots;
      if (refresh === undefined || !(error instanceof PqError) || error.status !== "ROOT_KEY_NOT_FOUND") throw error;
      await refresh();
      return open();
    }
  }

  /** Makes a version's private key and its stored form; the handle is freed at once. */
  #newVersion(id: string, owner: string, algorithm: KeyAlgorithm, version: number, native: boolean): repo.NewVersion {
    const { keystore, pq } = this.#deps;
    if (algorithm === HYBRID) {
      if (native) throw new KeyError("unsupported-algorithm", `${HYBRID} keys cannot live in a device`);
      return this.#newHybridVersion(id, owner, version);
    }
    if (native) {
      const { key, reference } = keystore.generateNativeKey(algorithm as NativeAlgorithm);
      using _ = key;
      return {
        publicKey: key.publicKey(),
        envelope: null,
        nativeReference: reference,
        rootId: null,
        hybridScheme: null,
      };
    }
    if (!this.#softwareAlgorithm(algorithm)) {
      throw new KeyError("unsupported-algorithm", `${algorithm} keys exist only inside a device`);
    }
    using key = pq.generateKey(algorithm);
    return this.#wrapVersion(id, owner, version, key);
  }

  /** Both parts generated and wrapped on their own; the public keys and envelopes joined. */
  #newHybridVersion(id: string, owner: string, version: number): repo.NewVersion {
    const parts = HYBRID_PARTS.map((algorithm) => {
      using key = this.#deps.pq.generateKey(algorithm);
      return this.#wrapVersion(id, owner, version, key);
    });
    const [first, second] = parts as [repo.NewVersion, repo.NewVersion];
    const publicKey = new Uint8Array([...first.publicKey, ...second.publicKey]);
    const envelope = lengthPrefixed([first.envelope ?? new Uint8Array(), second.envelope ?? new Uint8Array()]);
    return { publicKey, envelope, nativeReference: null, rootId: first.rootId, hybridScheme: CURRENT_HYBRID_SCHEME };
  }

  /** The stored form of a software key: its envelope, bound to (id, version, owner). */
  #wrapVersion(id: string, owner: string, version: number, key: PqKey): repo.NewVersion {
    const envelope = this.#deps.keystore.wrap(key, { keyId: id, version, owner });
    return {
      // Symmetric keys have no public half: their binding encodes an empty public key.
      publicKey: hasPublicKey(key.algorithm) ? key.publicKey() : new Uint8Array(),
      envelope,
      nativeReference: null,
      rootId: this.#deps.pq.envelopeRootId(envelope),
      hybridScheme: null,
    };
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
}

/** The scheme a hybrid version recorded; a missing or unknown one is corrupt stored data (an internal fault). */
function hybridSchemeOf(key: repo.KeyRow, row: repo.KeyVersionRow): HybridScheme {
  if (!isHybridScheme(row.hybridScheme)) {
    throw new Error(`version ${row.version} of hybrid key ${key.id} records no hybrid scheme`);
  }
  return row.hybridScheme;
}

/**
 * The cache id of a version's private key: key id and version first (`KeyCache.forget` drops a
 * key by that prefix), then the bound key row fields it was checked with, so a changed owner,
 * name, namespace, algorithm or protection misses the cache and meets the binding check.
 */
function cacheId(key: BoundKey, version: number): string {
  return `${key.id}:${version}:${JSON.stringify([key.owner, key.namespace, key.name, key.algorithm, key.protection])}`;
}

/** The two part envelopes of a hybrid version. */
function splitHybrid(envelope: Uint8Array): [Uint8Array, Uint8Array] | undefined {
  return splitLengthPrefixed(envelope, 2) as [Uint8Array, Uint8Array] | undefined;
}
