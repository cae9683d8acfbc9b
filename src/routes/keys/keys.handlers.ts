/**
 * JSON views of key-service results (bytes as base64url, times as ISO 8601).
 *
 * @module
 */

import type { z } from "@hono/zod-openapi";
import { toBase64Url } from "../../common/base64url.ts";
import type { KeyView } from "../../services/keys/key-service.ts";
import type { KeyBody } from "./keys.schemas.ts";

/** A key as the API returns it (the internal id and owner stay internal). */
export function keyJson(key: KeyView): z.infer<typeof KeyBody> {
  return {
    name: key.name,
    algorithm: key.algorithm,
    purpose: key.purpose,
    protection: key.protection,
    latestVersion: key.latestVersion,
    minDecryptionVersion: key.minDecryptionVersion,
    autoRotateSeconds: key.autoRotateSeconds,
    deletionAllowed: key.deletionAllowed,
    messageLimitAction: key.messageLimitAction,
    deletionAfter: key.deletionAfter?.toISOString() ?? null,
    enabled: key.enabled,
    exportable: key.exportable,
    createdAt: key.createdAt.toISOString(),
    updatedAt: key.updatedAt.toISOString(),
    versions: key.versions.map((v) => ({
      version: v.version,
      publicKey: toBase64Url(v.publicKey),
      createdAt: v.createdAt.toISOString(),
      enabled: v.enabled,
      ...(v.hybridScheme === undefined ? {} : { hybridScheme: v.hybridScheme }),
    })),
  };
}
