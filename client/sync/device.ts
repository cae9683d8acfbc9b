/**
 * A device: its hybrid signing key and X-Wing key as FFI handles (private keys never in
 * JavaScript), its fingerprint, its id once registered, and the account bundle once it has
 * one. Dispose it to free the keys.
 *
 * @module
 */

import type { KemPrivateKey, Pqgate } from "../../ffi/mod.ts";
import { fingerprint, type Statement } from "../../src/common/sync.ts";
import type { HybridScheme } from "../../src/common/hybrid.ts";
import { HybridSigner } from "./signer.ts";

/** The three 32-byte seeds a device's keys can be derived from (tests, restoring a device). */
export interface DeviceSeeds {
  readonly mlDsa: Uint8Array;
  readonly ed25519: Uint8Array;
  readonly xWing: Uint8Array;
}

/** Options of a new {@link Device}. */
export interface DeviceOptions {
  /**
   * The hybrid scheme the device signs with, declared at registration (default: the current
   * one, 2). Scheme 1 only for a device that was registered with it (restored from its seeds).
   */
  readonly signatureScheme?: HybridScheme;
}

/** One device of a sync account. */
export class Device implements Disposable {
  readonly name: string;
  /** Hybrid ML-DSA-65 ‖ Ed25519 public key. */
  readonly signingPublicKey: Uint8Array;
  /** X-Wing public key. */
  readonly kemPublicKey: Uint8Array;
  /** The hybrid scheme of every statement it signs. */
  readonly signatureScheme: HybridScheme;
  /** Compare it out of band before approving this device from another one (it covers the scheme). */
  readonly fingerprint: string;
  /** Set by registration. */
  id: string | undefined;
  /** The account bundle, once fetched or recovered (plaintext: only ever on the device). */
  bundle: Uint8Array | undefined;
  readonly #signer: HybridSigner;
  readonly #kem: KemPrivateKey;

  private constructor(pq: Pqgate, name: string, signer: HybridSigner, kem: KemPrivateKey) {
    this.name = name;
    this.#signer = signer;
    this.#kem = kem;
    this.signingPublicKey = signer.publicKey;
    this.signatureScheme = signer.scheme;
    this.kemPublicKey = kem.publicKey();
    const sha256 = (d: Uint8Array) => pq.hash("SHA-256", d);
    this.fingerprint = fingerprint(sha256, this.signingPublicKey, this.kemPublicKey, this.signatureScheme);
  }

  /** A device with fresh keys. */
  static generate(pq: Pqgate, name: string, options: DeviceOptions = {}): Device {
    const signer = HybridSigner.generate(pq, options.signatureScheme);
    return Device.#assemble(pq, name, signer, () => pq.generateKey("X-Wing"));
  }

  /** A device whose keys derive from known seeds. */
  static fromSeeds(pq: Pqgate, name: string, seeds: DeviceSeeds, options: DeviceOptions = {}): Device {
    const signer = HybridSigner.fromSeeds(pq, seeds.mlDsa, seeds.ed25519, options.signatureScheme);
    return Device.#assemble(pq, name, signer, () => pq.keyFromSeed("X-Wing", seeds.xWing));
  }

  static #assemble(pq: Pqgate, name: string, signer: HybridSigner, kem: () => KemPrivateKey): Device {
    try {
      return new Device(pq, name, signer, kem());
    } catch (error) {
      signer[Symbol.dispose]();
      throw error;
    }
  }

  /** The registered id. @throws {Error} before registration. */
  get registeredId(): string {
    if (this.id === undefined) throw new Error(`device ${this.name} is not registered yet`);
    return this.id;
  }

  /** Signs a statement with both halves of the device key. */
  sign(statement: Statement): Uint8Array {
    return this.#signer.sign(statement);
  }

  /** Opens a sealed box addressed to this device. @throws {PqError} `DECRYPTION_FAILED` when tampered or misaddressed. */
  open(sealed: Uint8Array, aad: Uint8Array): Uint8Array {
    return this.#kem.openSealed(sealed, aad);
  }

  [Symbol.dispose](): void {
    this.#signer[Symbol.dispose]();
    this.#kem[Symbol.dispose]();
    this.bundle?.fill(0);
  }
}
