/**
 * Bytes in JSON are base64url without padding (RFC 4648 §5), strictly: anything else is
 * refused, never decoded to a silently different value. Shared by the gateway, the CLI and
 * the device client; the request-schema form is `src/http/base64url.ts`.
 *
 * @module
 */

import { Buffer } from "node:buffer";

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/** Decodes unpadded base64url; `undefined` for text that is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, "base64url"));
  // Non-canonical trailing bits would decode, but to bytes that re-encode differently.
  return toBase64Url(bytes) === text ? bytes : undefined;
}
