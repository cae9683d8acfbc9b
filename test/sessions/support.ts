/**
 * What the session and data-key tests share: the independent KEMs, and JSON helpers.
 *
 * @module
 */

import { ml_kem768_x25519 } from "@noble/post-quantum/hybrid.js";
import { ml_kem1024, ml_kem512, ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { type ClientSecrets, derive } from "../../examples/session-protocol.ts";
import assert from "../support/assert.ts";

/** The part of a noble KEM the tests use. */
export interface NobleKem {
  keygen(): { publicKey: Uint8Array; secretKey: Uint8Array };
  encapsulate(publicKey: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array };
  decapsulate(cipherText: Uint8Array, secretKey: Uint8Array): Uint8Array;
}

/** @noble/post-quantum's KEM for each gateway algorithm (X-Wing is its `ml_kem768_x25519`). */
export const NOBLE: Readonly<Record<"ML-KEM-512" | "ML-KEM-768" | "ML-KEM-1024" | "X-Wing", NobleKem>> = {
  "ML-KEM-512": ml_kem512,
  "ML-KEM-768": ml_kem768,
  "ML-KEM-1024": ml_kem1024,
  "X-Wing": ml_kem768_x25519,
};

/** The KEM algorithms, in a fixed order. */
export const KEMS = Object.keys(NOBLE) as (keyof typeof NOBLE)[];

/** base64url → bytes, failing the test on bad text. */
export function bytes(text: unknown): Uint8Array {
  const decoded = typeof text === "string" ? fromBase64Url(text) : undefined;
  assert.ok(decoded !== undefined, `not base64url: ${String(text)}`);
  return decoded;
}

/** bytes → base64url. */
export const b64: (bytes: Uint8Array) => string = toBase64Url;

/** UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The JSON body of a response with `status` (the body text in the failure message). */
export async function expectJson(res: Response, status: number): Promise<Record<string, unknown>> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * What the client of an ML-KEM-768 `client-key` session derives from the gateway's answer
 * `session` (`examples/session-protocol.ts`), with its key pair.
 */
export async function clientKeySecrets(
  session: Record<string, unknown>,
  keys: { publicKey: Uint8Array; secretKey: Uint8Array },
): Promise<ClientSecrets> {
  const ciphertext = bytes(session.ciphertext);
  return await derive(NOBLE["ML-KEM-768"].decapsulate(ciphertext, keys.secretKey), {
    mode: "client-key",
    algorithm: "ML-KEM-768",
    clientPublicKey: keys.publicKey,
    ciphertext,
    sessionId: bytes(session.sessionId),
  });
}
