/**
 * Rows to views: what a key looks like to clients.
 *
 * @module
 */

import { type Algorithm, FAMILY, type Protection } from "../../../ffi/mod.ts";
import { HYBRID, isHybridScheme } from "../../common/hybrid.ts";
import type { KeyRow, KeyVersionRow } from "../../db/keys.ts";
import type { KeyAlgorithm, KeyPurpose, KeyView } from "./types.ts";

/** What a key of `algorithm` is for. */
export function purposeOf(algorithm: KeyAlgorithm): KeyPurpose {
  return algorithm === HYBRID ? "signature" : FAMILY[algorithm as Algorithm];
}

/** The client view of a key row and its versions. */
export function keyView(key: KeyRow, versions: readonly KeyVersionRow[]): KeyView {
  const algorithm = key.algorithm as KeyAlgorithm;
  return {
    id: key.id,
    owner: key.owner,
    name: key.name,
    algorithm,
    purpose: purposeOf(algorithm),
    protection: key.protection as Protection,
    latestVersion: key.latestVersion,
    minDecryptionVersion: key.minDecryptionVersion,
    autoRotateSeconds: key.autoRotateSeconds,
    deletionAllowed: key.deletionAllowed,
    messageLimitAction: key.messageLimitAction === "refuse" ? "refuse" : "rotate",
    deletionAfter: key.deletionAfter,
    enabled: key.enabled,
    exportable: false,
    createdAt: key.createdAt,
    updatedAt: key.updatedAt,
    versions: versions.map((v) => ({
      version: v.version,
      publicKey: v.publicKey,
      createdAt: v.createdAt,
      enabled: v.version >= key.minDecryptionVersion,
      ...(algorithm === HYBRID && isHybridScheme(v.hybridScheme) ? { hybridScheme: v.hybridScheme } : {}),
    })),
  };
}
