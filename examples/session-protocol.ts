/**
 * A client of the session protocol written from docs/SESSIONS.md alone, with no gateway code:
 * the KEM is @noble/post-quantum's (in the tests), SHA-256, HKDF and AES-256-GCM are the
 * runtime's WebCrypto. If it and the gateway agree, the documented construction is the
 * implemented one.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A copy backed by a plain `ArrayBuffer` (what WebCrypto's types ask for). */
function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `enc(x) = u32be(len(x)) ‖ x`. */
function enc(field: Uint8Array | string): Uint8Array {
  const bytes = typeof field === "string" ? encoder.encode(field) : field;
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** The transcript fields a client knows after the response. */
export interface ClientTranscript {
  readonly mode: "client-key" | "gateway-key";
  readonly algorithm: string;
  readonly clientPublicKey?: Uint8Array;
  readonly keyName?: string;
  readonly keyVersion?: number;
  readonly gatewayPublicKey?: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly sessionId: Uint8Array;
}

/** The transcript, field by field as docs/SESSIONS.md lists them. */
export function transcript(t: ClientTranscript): Uint8Array {
  const empty = new Uint8Array(0);
  return concat([
    enc("pqgate/session/v1"),
    enc(t.mode),
    enc(t.algorithm),
    enc(t.clientPublicKey ?? empty),
    enc(t.keyName ?? ""),
    enc(u32be(t.keyVersion ?? 0)),
    enc(t.gatewayPublicKey ?? empty),
    enc(t.ciphertext),
    enc(t.sessionId),
  ]);
}

async function hkdfSha256(ikm: Uint8Array, info: Uint8Array, bytes: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", buf(ikm), "HKDF", false, ["deriveBits"]);
  const params = { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: buf(info) };
  return new Uint8Array(await crypto.subtle.deriveBits(params, key, bytes * 8));
}

/** What the client derives: the session key and both confirmation tags. */
export interface ClientSecrets {
  readonly sessionKey: Uint8Array;
  readonly gatewayConfirmation: Uint8Array;
  readonly clientConfirmation: Uint8Array;
}

/** The key schedule from the shared secret and the transcript. */
export async function derive(sharedSecret: Uint8Array, t: ClientTranscript): Promise<ClientSecrets> {
  const th = new Uint8Array(await crypto.subtle.digest("SHA-256", buf(transcript(t))));
  const okm = await hkdfSha256(sharedSecret, concat([encoder.encode("pqgate/session/v1/keys"), th]), 64);
  const confirmKey = okm.slice(32);
  const tag = (role: string) =>
    hkdfSha256(confirmKey, concat([encoder.encode(`pqgate/session/v1/confirm/${role}`), th]), 32);
  return {
    sessionKey: okm.slice(0, 32),
    gatewayConfirmation: await tag("gateway"),
    clientConfirmation: await tag("client"),
  };
}

async function aesKey(key: Uint8Array): Promise<CryptoKey> {
  return await crypto.subtle.importKey("raw", buf(key), "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** AES-256-GCM seal as the gateway does it: `nonce (12) ‖ ciphertext ‖ tag (16)`. */
export async function seal(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const params = { name: "AES-GCM", iv, additionalData: buf(aad) };
  return concat([iv, new Uint8Array(await crypto.subtle.encrypt(params, await aesKey(key), buf(plaintext)))]);
}

/** Opens `nonce ‖ ciphertext ‖ tag`; rejects on any mismatch. */
export async function open(key: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  const params = { name: "AES-GCM", iv: buf(sealed.subarray(0, 12)), additionalData: buf(aad) };
  return new Uint8Array(await crypto.subtle.decrypt(params, await aesKey(key), buf(sealed.subarray(12))));
}
