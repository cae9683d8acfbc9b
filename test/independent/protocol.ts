/**
 * The device-sync protocol written from docs/sync-protocol.md alone, on the `@noble` libraries:
 * no import of `client/`, `src/` or `ffi/` (test/architecture checks nothing here; the imports
 * below are the whole dependency list). It generates the committed test vectors
 * (`vectors.ts`) and is the independent client of `client.system.test.ts`.
 *
 * @module
 */

import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem768_x25519 as xwing } from "@noble/post-quantum/hybrid.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { argon2id } from "@noble/hashes/argon2.js";
import { gcm } from "@noble/ciphers/aes.js";

const te = new TextEncoder();

/** §1 `utf8`. */
export const utf8 = (s: string): Uint8Array => te.encode(s);
/** §1 `‖`. */
export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
/** §1 `u32be`. */
export function u32be(x: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, x);
  return out;
}
/** §1 `u64be`. */
export function u64be(x: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(x));
  return out;
}
/** §1 `enc(f1, f2, …)`; strings are UTF-8. */
export function enc(...fields: (Uint8Array | string)[]): Uint8Array {
  return cat(...fields.flatMap((f) => {
    const b = typeof f === "string" ? utf8(f) : f;
    return [u32be(b.length), b];
  }));
}
/** Lower-case hex. */
export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
/** From hex. */
export function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));
}

/** A signature scheme (§3). */
export type Scheme = 1 | 2;

/** A hybrid key pair from its two seeds (§2, §3). */
export interface HybridKey {
  readonly publicKey: Uint8Array;
  readonly mlDsaSecret: Uint8Array;
  readonly edSeed: Uint8Array;
  readonly scheme: Scheme;
}

/** §2: the hybrid key of two 32-byte seeds. */
export function hybridKey(mlDsaSeed: Uint8Array, edSeed: Uint8Array, scheme: Scheme): HybridKey {
  const ml = ml_dsa65.keygen(mlDsaSeed);
  return { publicKey: cat(ml.publicKey, ed25519.getPublicKey(edSeed)), mlDsaSecret: ml.secretKey, edSeed, scheme };
}

const PREFIX = utf8("CompositeAlgorithmSignatures2025");
const LABEL_V2 = utf8("pqgate/hybrid/ML-DSA-65+Ed25519/v2");
const LABEL_V1 = utf8("pqgate/hybrid/ML-DSA-65+Ed25519/v1");

/** §3: `M'` and the FIPS 204 context of a scheme. */
function formatted(scheme: Scheme, pk: Uint8Array, m: Uint8Array, ctx: Uint8Array) {
  if (scheme === 1) return { mPrime: enc(LABEL_V1, ctx, m), mlCtx: new Uint8Array(0) };
  return { mPrime: cat(PREFIX, LABEL_V2, sha512(pk), Uint8Array.of(ctx.length), ctx, sha512(m)), mlCtx: LABEL_V2 };
}

/** §3 sign; `deterministic` signs ML-DSA with rnd = 32 zero bytes (the vectors). */
export function hybridSign(key: HybridKey, m: Uint8Array, ctx: Uint8Array, deterministic = false): Uint8Array {
  const { mPrime, mlCtx } = formatted(key.scheme, key.publicKey, m, ctx);
  const opts = deterministic ? { context: mlCtx, extraEntropy: false as const } : { context: mlCtx };
  const ml = ml_dsa65.sign(mPrime, key.mlDsaSecret, opts);
  return cat(ml, ed25519.sign(mPrime, key.edSeed));
}

/** §3 verify (both parts; strict Ed25519). */
export function hybridVerify(scheme: Scheme, pk: Uint8Array, m: Uint8Array, sig: Uint8Array, ctx: Uint8Array): boolean {
  if (pk.length !== 1984 || sig.length !== 3373) return false;
  const { mPrime, mlCtx } = formatted(scheme, pk, m, ctx);
  let ok = false;
  try {
    ok = ml_dsa65.verify(sig.subarray(0, 3309), mPrime, pk.subarray(0, 1952), { context: mlCtx });
  } catch {
    ok = false;
  }
  let edOk = false;
  try {
    edOk = ed25519.verify(sig.subarray(3309), mPrime, pk.subarray(1952), { zip215: false });
  } catch {
    edOk = false;
  }
  return ok && edOk;
}

/** §4. */
export function fingerprint(signingPublicKey: Uint8Array, kemPublicKey: Uint8Array, scheme: Scheme): string {
  const d = sha256(cat(utf8("pqgate/sync/fingerprint/v1"), signingPublicKey, kemPublicKey, schemeByte(scheme)));
  return hex(d.subarray(0, 16)).toUpperCase().match(/.{4}/g)!.join("-");
}

const schemeByte = (s: Scheme) => s === 1 ? new Uint8Array(0) : Uint8Array.of(2);
const schemeField = (s: Scheme): Uint8Array[] => s === 1 ? [] : [Uint8Array.of(2)];

/** §5: every statement, as its fields. */
export type Statement =
  | {
    kind: "possession";
    nonce: Uint8Array;
    accountId: string;
    deviceId: string;
    spk: Uint8Array;
    kpk: Uint8Array;
    scheme: Scheme;
  }
  | {
    kind: "approve";
    nonce: Uint8Array;
    accountId: string;
    epoch: number;
    approverId: string;
    deviceId: string;
    spk: Uint8Array;
    kpk: Uint8Array;
    scheme: Scheme;
  }
  | {
    kind: "bundle";
    nonce: Uint8Array;
    accountId: string;
    epoch: number;
    senderId: string;
    recipientId: string;
    sealed: Uint8Array;
  }
  | { kind: "fetch"; nonce: Uint8Array; accountId: string; epoch: number; deviceId: string }
  | { kind: "revoke"; nonce: Uint8Array; accountId: string; epoch: number; revokerId: string; deviceId: string }
  | {
    kind: "backup";
    nonce: Uint8Array;
    accountId: string;
    epoch: number;
    uploaderId: string;
    method: "password" | "shares";
    blob: Uint8Array;
    verifierPublicKey: Uint8Array;
    kdf: Uint8Array;
    scheme: Scheme;
  }
  | {
    kind: "recover";
    nonce: Uint8Array;
    accountId: string;
    method: "password" | "shares";
    deviceId: string;
    spk: Uint8Array;
    kpk: Uint8Array;
    scheme: Scheme;
  };

/** §5: `M`. */
export function message(s: Statement): Uint8Array {
  switch (s.kind) {
    case "possession":
      return enc(s.nonce, s.accountId, s.deviceId, s.spk, s.kpk, ...schemeField(s.scheme));
    case "approve":
      return enc(
        s.nonce,
        s.accountId,
        u64be(s.epoch),
        s.approverId,
        s.deviceId,
        s.spk,
        s.kpk,
        ...schemeField(s.scheme),
      );
    case "bundle":
      return enc(s.nonce, s.accountId, u64be(s.epoch), s.senderId, s.recipientId, sha256(s.sealed));
    case "fetch":
      return enc(s.nonce, s.accountId, u64be(s.epoch), s.deviceId);
    case "revoke":
      return enc(s.nonce, s.accountId, u64be(s.epoch), s.revokerId, s.deviceId);
    case "backup":
      return enc(
        s.nonce,
        s.accountId,
        u64be(s.epoch),
        s.uploaderId,
        s.method,
        sha256(s.blob),
        s.verifierPublicKey,
        s.kdf,
        ...schemeField(s.scheme),
      );
    case "recover":
      return enc(s.nonce, s.accountId, s.method, s.deviceId, s.spk, s.kpk, ...schemeField(s.scheme));
  }
}

/** §5: `ctx`. */
export const context = (kind: Statement["kind"]): Uint8Array => utf8(`pqgate/sync/${kind}/v1`);

/** §5: the signed `kdf` encodings. */
export const passwordKdf = (salt: Uint8Array, m: number, t: number, p: number): Uint8Array =>
  enc("argon2id", salt, u32be(m), u32be(t), u32be(p));
export const sharesKdf = (t: number, n: number): Uint8Array => enc("shamir", u32be(t), u32be(n));

/** §2: the X-Wing public key of a seed. */
export const xwingPublicKey = (seed: Uint8Array): Uint8Array => xwing.keygen(seed).publicKey;

const SEAL_HEADER = Uint8Array.of(0x50, 0x51, 0x53, 0x42, 0x01, 0x00, 0x04);

function sealKeys(ss: Uint8Array, pk: Uint8Array) {
  const okm = hkdf(sha256, ss, sha256(pk), cat(utf8("pqgate/seal/v1"), SEAL_HEADER), 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

/** §6.1 seal; `eseed` (64 bytes) fixes the encapsulation (vectors), else random. */
export function seal(pk: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, eseed?: Uint8Array): Uint8Array {
  const { cipherText, sharedSecret } = xwing.encapsulate(pk, eseed);
  const { key, nonce } = sealKeys(sharedSecret, pk);
  const body = gcm(key, nonce, cat(SEAL_HEADER, u32be(aad.length), aad)).encrypt(plaintext);
  return cat(SEAL_HEADER, cipherText, body);
}

/** §6.1 open. @throws {Error} for any box that does not open. */
export function open(seed: Uint8Array, aad: Uint8Array, box: Uint8Array): Uint8Array {
  if (box.length < 7 + 1120 + 16 || !SEAL_HEADER.every((b, i) => box[i] === b)) throw new Error("not a sealed box");
  const { publicKey, secretKey } = xwing.keygen(seed);
  const ss = xwing.decapsulate(box.subarray(7, 1127), secretKey);
  const { key, nonce } = sealKeys(ss, publicKey);
  return gcm(key, nonce, cat(SEAL_HEADER, u32be(aad.length), aad)).decrypt(box.subarray(1127));
}

/** §6.1: the bundle aad. */
export const bundleAad = (accountId: string, senderId: string, recipientId: string, epoch: number): Uint8Array =>
  enc("pqgate/sync/bundle/v1", accountId, senderId, recipientId, u64be(epoch));

/** §6.2: K of a password. */
export const passwordK = (password: string, salt: Uint8Array, m: number, t: number, p: number): Uint8Array =>
  argon2id(utf8(password), salt, { m, t, p, dkLen: 32, version: 0x13 });

/** §6.2: what K yields. */
export function recoveryKeys(
  k: Uint8Array,
  accountId: string,
  scheme: Scheme,
): { backupKey: Uint8Array; verifier: HybridKey } {
  const derive = (what: string) => hkdf(sha256, k, new Uint8Array(0), utf8(`pqgate/sync/${what}/v1${accountId}`), 32);
  return {
    backupKey: derive("backup-key"),
    verifier: hybridKey(derive("recovery-ml-dsa"), derive("recovery-ed25519"), scheme),
  };
}

const METHOD_BYTE = { password: 1, shares: 2 } as const;

/** §6.3 seal a backup blob with a given 12-byte nonce. */
export function backupBlob(
  backupKey: Uint8Array,
  accountId: string,
  method: "password" | "shares",
  epoch: number,
  nonce: Uint8Array,
  bundle: Uint8Array,
): Uint8Array {
  const header = cat(utf8("PQBK"), Uint8Array.of(1, METHOD_BYTE[method]), u64be(epoch));
  return cat(header, nonce, gcm(backupKey, nonce, cat(header, utf8(accountId))).encrypt(bundle));
}

/** §6.3 open. */
export function openBackupBlob(backupKey: Uint8Array, accountId: string, blob: Uint8Array): Uint8Array {
  const header = blob.subarray(0, 14);
  return gcm(backupKey, blob.subarray(14, 26), cat(header, utf8(accountId))).decrypt(blob.subarray(26));
}

/** GF(2⁸) multiplication modulo 0x11b (§6.4; not constant time: test code only). */
function mul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return p;
}
function inv(a: number): number {
  let r = 1;
  for (let i = 0; i < 254; i++) r = mul(r, a);
  return r;
}

/** §6.4 split with given randomness: `setId` (16) and `t - 1` coefficient rows of `len(S) + 16` bytes. */
export function shamirSplit(
  secret: Uint8Array,
  t: number,
  n: number,
  setId: Uint8Array,
  rows: Uint8Array[],
): Uint8Array[] {
  const checksum = sha256(cat(utf8("pqgate/shamir/v1"), setId, Uint8Array.of(t), secret)).subarray(0, 16);
  const p = cat(secret, checksum);
  const shares: Uint8Array[] = [];
  for (let x = 1; x <= n; x++) {
    const y = p.map((constant, j) => {
      let acc = 0;
      for (let d = rows.length - 1; d >= 0; d--) acc = mul(acc, x) ^ rows[d]![j]!;
      return mul(acc, x) ^ constant;
    });
    shares.push(cat(Uint8Array.of(1), setId, Uint8Array.of(t, x), y));
  }
  return shares;
}

/** §6.4 combine (the first `t` shares; checksum checked). */
export function shamirCombine(shares: Uint8Array[]): Uint8Array {
  const t = shares[0]![17]!;
  const used = shares.slice(0, t);
  if (used.length < t) throw new Error("fewer shares than the threshold");
  const xs = used.map((s) => s[18]!);
  const w = used[0]!.length - 19;
  const out = new Uint8Array(w);
  used.forEach((s, i) => {
    let weight = 1;
    xs.forEach((xm, m) => {
      if (m !== i) weight = mul(weight, mul(xm, inv(xm ^ xs[i]!)));
    });
    for (let j = 0; j < w; j++) out[j]! ^= mul(s[19 + j]!, weight);
  });
  const secret = out.subarray(0, w - 16);
  const setId = used[0]!.subarray(1, 17);
  const sum = sha256(cat(utf8("pqgate/shamir/v1"), setId, Uint8Array.of(t), secret)).subarray(0, 16);
  if (hex(sum) !== hex(out.subarray(w - 16))) throw new Error("share corrupt");
  return secret.slice();
}
