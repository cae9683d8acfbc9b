/**
 * Opens the configured keystore: turns {@link KeystoreSettings} into the binding's
 * configuration, reading the passphrase or PIN from its file.
 *
 * A secret file must be readable by its owner only (like the software keystore's own root
 * files): a group- or world-readable one is refused rather than trusted.
 *
 * @module
 */

import { readFileSync, statSync } from "node:fs";
import type { Keystore, KeystoreConfig, Pqgate } from "../../ffi/mod.ts";
import type { KeystoreSettings } from "../config.ts";

/** A secret file that cannot be used; `message` names the file, never its contents. */
export class SecretFileError extends Error {
  override readonly name = "SecretFileError";
}

/**
 * Reads a secret from `path`: the file's bytes without one trailing newline.
 *
 * @throws {SecretFileError} for a missing, unreadable, empty, or group/world-accessible file.
 */
export function readSecretFile(path: string): Uint8Array {
  let mode: number;
  let bytes: Uint8Array;
  try {
    mode = statSync(path).mode;
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new SecretFileError(`cannot read secret file ${path}: ${(error as Error).message}`);
  }
  if ((mode & 0o077) !== 0) {
    throw new SecretFileError(`secret file ${path} is accessible to group or others; chmod 600 it`);
  }
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end--;
  if (bytes[end - 1] === 0x0d) end--;
  if (end === 0) throw new SecretFileError(`secret file ${path} is empty`);
  return bytes.subarray(0, end);
}

/** The binding configuration for `settings`, with secrets read from their files. */
export function keystoreConfig(settings: KeystoreSettings): KeystoreConfig {
  switch (settings.backend) {
    case "software":
      return {
        backend: "software",
        dir: settings.dir,
        passphrase: settings.passphraseFile === undefined ? undefined : readSecretFile(settings.passphraseFile),
      };
    case "pkcs11":
      return {
        backend: "pkcs11",
        module: settings.module,
        tokenLabel: settings.tokenLabel,
        pin: readSecretFile(settings.pinFile),
      };
    case "tpm":
    case "tpm-fleet":
      return { backend: settings.backend, tcti: settings.tcti };
  }
}

/**
 * Opens the configured keystore.
 *
 * @throws {SecretFileError}; {PqError} `KEYSTORE_CONFIG`, `KEYSTORE_AUTH_FAILED`, `KEYSTORE_UNAVAILABLE`.
 */
export function openConfiguredKeystore(pq: Pqgate, settings: KeystoreSettings): Keystore {
  const config = keystoreConfig(settings);
  try {
    return pq.openKeystore(config);
  } finally {
    // The binding copied the secret into Rust's zeroizing memory; wipe this copy.
    if (config.backend === "pkcs11" && config.pin instanceof Uint8Array) config.pin.fill(0);
    if (config.backend === "software" && config.passphrase instanceof Uint8Array) config.passphrase.fill(0);
  }
}
