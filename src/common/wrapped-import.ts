/**
 * The wrapped-import wire format both sides compute (docs/KEYSTORES.md#wrapped-import): the
 * client seals its private key with HPKE (X-Wing, HKDF-SHA256, AES-256-GCM, base mode) to the
 * import key of `POST /v1/keys/import-params`, with this `info` and empty `aad`. The info binds
 * the purpose, the algorithm, the key name and the import token, so a sealed key cannot be
 * imported under another name, as another algorithm or with another token.
 *
 * @module
 */

import { labelled, lengthPrefixed } from "./bytes.ts";

/** The domain label that starts the info. */
export const WRAPPED_IMPORT_LABEL = "pqgate/wrapped-import/v1";

/** `info = "pqgate/wrapped-import/v1" ‖ enc(algorithm) ‖ enc(name) ‖ enc(importToken)`, enc(x) = u32be(len) ‖ x (UTF-8). */
export function wrappedImportInfo(algorithm: string, name: string, importToken: string): Uint8Array {
  return labelled(WRAPPED_IMPORT_LABEL, lengthPrefixed([algorithm, name, importToken]));
}
