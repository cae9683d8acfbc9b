/**
 * Key-agreement keys: X25519 (RFC 7748).
 *
 * @module
 */

import type { AgreementAlgorithm } from "../algorithms.ts";
import { bytes } from "../bytes.ts";
import type { Native } from "../native.ts";
import { PqKey } from "./base.ts";

/** An X25519 public key held as a handle (e.g. after validation on import). */
export class AgreementPublicKey extends PqKey<AgreementAlgorithm> {
  constructor(native: Native, algorithm: AgreementAlgorithm, handle: bigint) {
    super(native, algorithm, "agreement-public-key", handle);
  }
}

/** An X25519 private key; its bytes stay in Rust. */
export class AgreementPrivateKey extends PqKey<AgreementAlgorithm> {
  constructor(native: Native, algorithm: AgreementAlgorithm, handle: bigint) {
    super(native, algorithm, "agreement-private-key", handle);
  }

  /**
   * X25519 with the peer's public key (bytes or a public-key handle).
   *
   * @throws {PqError} `NON_CONTRIBUTORY` for a low-order peer point (all-zero result,
   * RFC 7748 §6.1); `INVALID_LENGTH` for a peer key that is not 32 bytes; handle errors.
   */
  agree(peerPublic: Uint8Array | AgreementPublicKey): Uint8Array {
    const peer = peerPublic instanceof AgreementPublicKey ? peerPublic.publicKey() : bytes(peerPublic, "peerPublic");
    const handle = this.live("pq_x25519_agree");
    return this.native.output(
      "pq_x25519_agree",
      this.sizes.sharedSecret,
      (out, outLen) => this.native.raw.pq_x25519_agree(handle, peer, peer.length, out, out.length, outLen),
    );
  }
}
