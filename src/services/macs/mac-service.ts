/**
 * MACs under named HMAC keys (HMAC-SHA-256, HMAC-SHA-512, HMAC-SHA3-256): the key never
 * leaves the native library, which also compares tags in constant time.
 *
 * ```text
 * mac = 0x01 (format) ‖ u32be(key version) ‖ HMAC(key of that version, data)
 * ```
 *
 * The tag is plain HMAC over the data (RFC 2104); the header only names the version to verify
 * with. Keys are ordinary named keys of the key service: versions, rotation,
 * `minDecryptionVersion` (a version below it neither computes nor verifies) and pending deletion
 * apply through it.
 *
 * @module
 */

import { MacKey } from "../../../ffi/mod.ts";
import { concat, u32be } from "../../common/bytes.ts";
import type { KeyService } from "../keys/key-service.ts";
import { MacError } from "./errors.ts";

/** The first byte of every MAC this version writes. */
export const MAC_FORMAT_V1 = 0x01;
const HEADER_BYTES = 5;
/** The shortest HMAC tag of the supported hashes (SHA-256, SHA3-256). */
const MIN_TAG_BYTES = 32;

/** A MAC and the version that made it. */
export interface Mac {
  readonly mac: Uint8Array;
  readonly version: number;
}

/** The MAC use cases. */
export class MacService {
  readonly #keys: KeyService;

  constructor(keys: KeyService) {
    this.#keys = keys;
  }

  /**
   * The MAC of `data` under the latest version of HMAC key `name`.
   *
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `key-pending-deletion`.
   */
  async mac(owner: string, name: string, data: Uint8Array): Promise<Mac> {
    const { key, version } = await this.#key(owner, name);
    return { mac: concat([Uint8Array.of(MAC_FORMAT_V1), u32be(version), key.mac(data)]), version };
  }

  /**
   * Whether `mac` is the MAC of `data` under the version it names (compared in constant time
   * inside the native library).
   *
   * @throws {MacError} `mac-malformed`.
   * @throws {KeyError} `key-not-found`, `wrong-key-purpose`, `version-not-found`, `version-disabled`.
   */
  async verify(owner: string, name: string, data: Uint8Array, mac: Uint8Array): Promise<{
    valid: boolean;
    version: number;
  }> {
    if (mac.length < HEADER_BYTES + MIN_TAG_BYTES || mac[0] !== MAC_FORMAT_V1) {
      throw new MacError("mac-malformed", "The MAC is not a format-1 pqgate MAC.");
    }
    const version = new DataView(mac.buffer, mac.byteOffset, mac.byteLength).getUint32(1);
    const { key } = await this.#key(owner, name, version);
    return { valid: key.verify(data, mac.subarray(HEADER_BYTES)), version };
  }

  async #key(owner: string, name: string, version?: number): Promise<{ key: MacKey; version: number }> {
    const found = await this.#keys.privateKey(owner, name, "mac", version);
    // The purpose check makes it an HMAC key; anything else is a fault, not a refusal.
    if (!(found.key instanceof MacKey)) throw new Error(`key ${found.keyId} is not an HMAC key`);
    return { key: found.key, version: found.version };
  }
}
