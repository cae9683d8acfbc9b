/**
 * `Keystore`: a root-key device (software, PKCS#11 token, TPM 2.0) and the envelopes it
 * wraps private keys in.
 *
 * ```ts
 * using store = pq.openKeystore({ backend: "software", dir: "/var/lib/pqgate/keys" });
 * using key = pq.generateKey("ML-DSA-65");
 * const binding = { keyId: "orders-signer", version: 1, owner: "tenant-a" };
 * const envelope = store.wrap(key, binding);            // store this
 * using again = store.unwrap("ML-DSA-65", envelope, binding);
 * ```
 *
 * An envelope is the only form in which a private key leaves the library, and it opens
 * only for the exact binding (key id, version, owner, algorithm) it was made with.
 *
 * @module
 */

import { type Algorithm, algorithmId } from "./algorithms.ts";
import { bytes, u32 } from "./bytes.ts";
import { PqStatus } from "./errors.ts";
import type { PqKey } from "./keys/base.ts";
import { type PrivateKeyFor, wrapPrivate } from "./keys/factory.ts";
import { SigningKey } from "./keys/signature.ts";
import { readHandle } from "./u64.ts";
import type { Native } from "./native.ts";

/** How to open a keystore. */
export type KeystoreConfig =
  | {
    readonly backend: "software";
    /** Directory of root-key files (created `0700` if missing). */
    readonly dir: string;
    /** Derive roots with Argon2id from this passphrase; without it, roots are random keys in `0600` files. */
    readonly passphrase?: string | Uint8Array | undefined;
  }
  | {
    readonly backend: "pkcs11";
    /** Path of the PKCS#11 module, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
    readonly module: string;
    /** Label of the token that holds the roots. */
    readonly tokenLabel: string;
    /** The user PIN. */
    readonly pin: string | Uint8Array;
  }
  | {
    readonly backend: "tpm" | "tpm-fleet";
    /** TCTI configuration, e.g. `device:/dev/tpmrm0` or `swtpm:host=127.0.0.1,port=2321`. */
    readonly tcti: string;
  };

/** Where the root keys live. */
export type KeystoreBackend = "software" | "pkcs11" | "tpm" | "tpm-fleet";

/** How a key is protected: in the device, wrapped by a device key, or wrapped in software. */
export type Protection = "hardware" | "hardware-wrapped" | "software";

const BACKENDS: Readonly<Record<number, KeystoreBackend>> = {
  1: "software",
  2: "pkcs11",
  3: "tpm",
  4: "tpm-fleet",
};
const PROTECTIONS: Readonly<Record<number, Protection>> = { 1: "hardware", 2: "hardware-wrapped", 3: "software" };

/** A root key as the device lists it. */
export interface RootKeyInfo {
  /** The 16-byte id recorded in every envelope the root seals. */
  readonly id: Uint8Array;
  /** `id` in lower-case hex. */
  readonly idHex: string;
  /** Creation order; the highest is current. */
  readonly sequence: number;
}

/** What a wrapped key is bound to (the algorithm is the key's own). */
export interface KeyBinding {
  /** The key's id, 1 to 256 bytes (UTF-8 for a string). */
  readonly keyId: string | Uint8Array;
  /** The key version. */
  readonly version: number;
  /** The owner (tenant, account), at most 256 bytes; may be empty. */
  readonly owner: string | Uint8Array;
}

/** Algorithms a device can hold natively (the private key never leaves it). */
export type NativeAlgorithm = "ECDSA-P256" | "Ed25519";

/** A key generated inside the device: its handle, and the reference to store. */
export interface NativeKeyPair {
  readonly key: SigningKey;
  /** What the device needs to find the key again; not secret. */
  readonly reference: Uint8Array;
}

const ROOT_ID_LEN = 16;
/** `PQ_NATIVE_REFERENCE_MAX`: the room `pq_native_key_generate` asks for. */
const NATIVE_REFERENCE_MAX = 1024;
const ROOT_RECORD_LEN = 4 + ROOT_ID_LEN;
const encoder = new TextEncoder();

function utf8(value: string | Uint8Array, what: string): Uint8Array {
  return typeof value === "string" ? encoder.encode(value) : bytes(value, what);
}

/** Lower-case hex (ids only; never used on secrets). */
export function toHex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
}

function rootInfo(id: Uint8Array, sequence: number): RootKeyInfo {
  return Object.freeze({ id, idHex: toHex(id), sequence });
}

/** An open keystore; close it with `using` or `[Symbol.dispose]()`. */
export class Keystore implements Disposable {
  /** Where the root keys live. */
  readonly backend: KeystoreBackend;
  /** The protection level of keys wrapped here. */
  readonly protection: Protection;
  readonly #native: Native;
  readonly #handle: bigint;
  readonly #sequence = new Uint32Array(1);
  #closed = false;

  constructor(native: Native, handle: bigint) {
    this.#native = native;
    this.#handle = handle;
    const backend = new Uint32Array(1);
    const protection = new Uint32Array(1);
    native.check("pq_keystore_info", native.raw.pq_keystore_info(handle, backend, protection));
    this.backend = BACKENDS[backend[0] as number] ?? "software";
    this.protection = PROTECTIONS[protection[0] as number] ?? "software";
    native.track(this, handle, "keystore");
  }

  #live(op: string): bigint {
    if (this.#closed) throw this.#native.error(op, PqStatus.STALE_HANDLE);
    return this.#handle;
  }

  /** @throws {PqError} `KEYSTORE_UNAVAILABLE` when the device does not answer. */
  ping(): void {
    this.#native.check("pq_keystore_ping", this.#native.raw.pq_keystore_ping(this.#live("pq_keystore_ping")));
  }

  /** The current root (generated inside the device on first use). */
  currentRoot(): RootKeyInfo {
    return this.#root("pq_keystore_root_current");
  }

  /**
   * Generates a new current root inside the device. Then {@link rewrap} every stored
   * envelope and {@link retireRoot} the older roots.
   */
  rotateRoot(): RootKeyInfo {
    return this.#root("pq_keystore_root_rotate");
  }

  #root(op: "pq_keystore_root_current" | "pq_keystore_root_rotate"): RootKeyInfo {
    const handle = this.#live(op);
    const id = this.#native.output(
      op,
      ROOT_ID_LEN,
      (out, outLen) => this.#native.raw[op](handle, this.#sequence, out, out.length, outLen),
    );
    return rootInfo(id, this.#sequence[0] as number);
  }

  /**
   * Destroys a root that is not current. Envelopes it sealed can no longer be opened.
   *
   * @throws {PqError} `ROOT_KEY_IN_USE` for the current root; `ROOT_KEY_NOT_FOUND`.
   */
  retireRoot(id: Uint8Array): void {
    const i = bytes(id, "id");
    const handle = this.#live("pq_keystore_root_retire");
    this.#native.check("pq_keystore_root_retire", this.#native.raw.pq_keystore_root_retire(handle, i, i.length));
  }

  /** Every root, oldest first. */
  roots(): RootKeyInfo[] {
    const handle = this.#live("pq_keystore_roots");
    const records = this.#native.output(
      "pq_keystore_roots",
      4 * ROOT_RECORD_LEN,
      (out, outLen) => this.#native.raw.pq_keystore_roots(handle, out, out.length, outLen),
      true,
    );
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    const roots: RootKeyInfo[] = [];
    for (let at = 0; at + ROOT_RECORD_LEN <= records.length; at += ROOT_RECORD_LEN) {
      roots.push(rootInfo(records.slice(at + 4, at + ROOT_RECORD_LEN), view.getUint32(at)));
    }
    return roots;
  }

  /**
   * Wraps a private key under the current root, bound to `binding` and the key's algorithm.
   *
   * @throws {PqError} `WRONG_HANDLE_KIND` for a public key; `INVALID_ARGUMENT` for a bad binding.
   */
  wrap(key: PqKey, binding: KeyBinding): Uint8Array {
    const [id, owner, version] = this.#binding(binding);
    const handle = this.#live("pq_key_wrap");
    if (key.disposed) throw this.#native.error("pq_key_wrap", PqStatus.STALE_HANDLE);
    return this.#native.output(
      "pq_key_wrap",
      8192,
      (out, outLen) =>
        this.#native.raw.pq_key_wrap(
          handle,
          key.handle,
          id,
          id.length,
          version,
          owner,
          owner.length,
          out,
          out.length,
          outLen,
        ),
      true,
    );
  }

  /**
   * Opens an envelope into a private key.
   *
   * @throws {PqError} `UNWRAP_FAILED` (tampered, or another binding or algorithm);
   * `ROOT_KEY_NOT_FOUND` (retired root, or another keystore); `ENVELOPE_MALFORMED`;
   * `KEYSTORE_UNAVAILABLE`.
   */
  unwrap<A extends Algorithm>(algorithm: A, envelope: Uint8Array, binding: KeyBinding): PrivateKeyFor<A> {
    const alg = algorithmId(algorithm);
    const env = bytes(envelope, "envelope");
    const [id, owner, version] = this.#binding(binding);
    const handle = this.#live("pq_key_unwrap");
    const key = this.#native.newHandle(
      "pq_key_unwrap",
      (out) =>
        this.#native.raw.pq_key_unwrap(handle, alg, env, env.length, id, id.length, version, owner, owner.length, out),
    );
    return wrapPrivate(this.#native, algorithm, key);
  }

  /** The envelope re-wrapped under the current root (unchanged if it already is). */
  rewrap(algorithm: Algorithm, envelope: Uint8Array, binding: KeyBinding): Uint8Array {
    const alg = algorithmId(algorithm);
    const env = bytes(envelope, "envelope");
    const [id, owner, version] = this.#binding(binding);
    const handle = this.#live("pq_key_rewrap");
    return this.#native.output(
      "pq_key_rewrap",
      env.length + 1024,
      (out, outLen) =>
        this.#native.raw.pq_key_rewrap(
          handle,
          alg,
          env,
          env.length,
          id,
          id.length,
          version,
          owner,
          owner.length,
          out,
          out.length,
          outLen,
        ),
      true,
    );
  }

  /**
   * Generates a signing key inside the device (protection level `hardware`): ECDSA P-256 in
   * a TPM or token, Ed25519 in a token. Store the reference; sign with the key.
   *
   * @throws {PqError} `UNSUPPORTED_OPERATION` for a software keystore or an algorithm the
   * device cannot hold; `PAIRWISE_CONSISTENCY_FAILED`; `KEYSTORE_UNAVAILABLE`.
   */
  generateNativeKey(algorithm: NativeAlgorithm): NativeKeyPair {
    const alg = algorithmId(algorithm);
    const store = this.#live("pq_native_key_generate");
    const reference = new Uint8Array(NATIVE_REFERENCE_MAX);
    const referenceLen = new Uint32Array(1);
    const handle = new BigUint64Array(1);
    this.#native.check(
      "pq_native_key_generate",
      this.#native.raw.pq_native_key_generate(store, alg, reference, reference.length, referenceLen, handle),
    );
    const key = new SigningKey(this.#native, algorithm, readHandle(handle));
    return { key, reference: reference.slice(0, referenceLen[0]) };
  }

  /** A stored native key. @throws {PqError} `INVALID_KEY` if the device does not hold it. */
  loadNativeKey(algorithm: NativeAlgorithm, reference: Uint8Array): SigningKey {
    const alg = algorithmId(algorithm);
    const ref = bytes(reference, "reference");
    const store = this.#live("pq_native_key_load");
    const handle = this.#native.newHandle(
      "pq_native_key_load",
      (out) => this.#native.raw.pq_native_key_load(store, alg, ref, ref.length, out),
    );
    return new SigningKey(this.#native, algorithm, handle);
  }

  /** Destroys a native key in the device. @throws {PqError} `INVALID_KEY` for an unknown reference. */
  destroyNativeKey(algorithm: NativeAlgorithm, reference: Uint8Array): void {
    const alg = algorithmId(algorithm);
    const ref = bytes(reference, "reference");
    const store = this.#live("pq_native_key_destroy");
    this.#native.check(
      "pq_native_key_destroy",
      this.#native.raw.pq_native_key_destroy(store, alg, ref, ref.length),
    );
  }

  /**
   * A fleet operation of a `tpm-fleet` keystore (`pq_keystore_fleet`; `FleetKeystore` in
   * `fleet.ts` gives them names). Inputs and output are opaque bytes; no KEK or seed is in them.
   *
   * @throws {PqError} `UNSUPPORTED_OPERATION` for another backend, and the operation's errors.
   */
  fleetCall(op: number, inA: Uint8Array, inB: Uint8Array, inC: Uint8Array, outCap: number): Uint8Array {
    const [a, b, c] = [bytes(inA, "a"), bytes(inB, "b"), bytes(inC, "c")];
    const handle = this.#live("pq_keystore_fleet");
    return this.#native.output(
      "pq_keystore_fleet",
      outCap,
      (out, outLen) =>
        this.#native.raw.pq_keystore_fleet(handle, op, a, a.length, b, b.length, c, c.length, out, out.length, outLen),
      // Never retried: creating a KEK twice would leave one nobody stored.
    );
  }

  #binding(binding: KeyBinding): [Uint8Array, Uint8Array, number] {
    return [utf8(binding.keyId, "keyId"), utf8(binding.owner, "owner"), u32(binding.version, "version")];
  }

  /** Closes the keystore (device sessions end once no call still uses them). Idempotent. */
  [Symbol.dispose](): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.untrack(this);
    this.#native.check("pq_keystore_close", this.#native.raw.pq_keystore_close(this.#handle));
  }
}

/** Opens a keystore. @throws {PqError} `KEYSTORE_CONFIG`, `KEYSTORE_AUTH_FAILED`, `KEYSTORE_UNAVAILABLE`. */
export function openKeystore(native: Native, config: KeystoreConfig): Keystore {
  return new Keystore(native, openHandle(native, config));
}

function openHandle(native: Native, config: KeystoreConfig): bigint {
  switch (config.backend) {
    case "software": {
      const dir = encoder.encode(config.dir);
      const passphrase = config.passphrase === undefined ? new Uint8Array(0) : utf8(config.passphrase, "passphrase");
      return native.newHandle(
        "pq_keystore_open_software",
        (out) => native.raw.pq_keystore_open_software(dir, dir.length, passphrase, passphrase.length, out),
      );
    }
    case "pkcs11": {
      const [module, label, pin] = [
        encoder.encode(config.module),
        encoder.encode(config.tokenLabel),
        utf8(config.pin, "pin"),
      ];
      return native.newHandle(
        "pq_keystore_open_pkcs11",
        (out) => native.raw.pq_keystore_open_pkcs11(module, module.length, label, label.length, pin, pin.length, out),
      );
    }
    case "tpm": {
      const tcti = encoder.encode(config.tcti);
      return native.newHandle("pq_keystore_open_tpm", (out) => native.raw.pq_keystore_open_tpm(tcti, tcti.length, out));
    }
    case "tpm-fleet": {
      const tcti = encoder.encode(config.tcti);
      return native.newHandle(
        "pq_keystore_open_tpm_fleet",
        (out) => native.raw.pq_keystore_open_tpm_fleet(tcti, tcti.length, out),
      );
    }
  }
}

/** The id of the root that sealed `envelope`. @throws {PqError} `ENVELOPE_MALFORMED`. */
export function envelopeRootId(native: Native, envelope: Uint8Array): Uint8Array {
  const env = bytes(envelope, "envelope");
  return native.output(
    "pq_envelope_root_id",
    ROOT_ID_LEN,
    (out, outLen) => native.raw.pq_envelope_root_id(env, env.length, out, out.length, outLen),
  );
}
