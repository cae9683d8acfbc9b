/**
 * The wire formats of multi-device key sync, shared by the gateway (`src/services/sync/`) and
 * the device client (`client/sync/`): one definition of every byte either side signs, seals
 * or parses, so the two cannot drift apart. Pure functions; hashing is passed in.
 *
 * Statements are `lengthPrefixed(fields)` (`u32be(len) ‖ bytes` per field), signed with the
 * hybrid ML-DSA-65+Ed25519 scheme of the signer (each device, and each recovery verifier key,
 * has one) under the context `pqgate/sync/<kind>/v1`. Epochs are 8-byte big-endian. The scheme
 * of a scheme-2 device is a signed field of the statements that vouch for it (`possession`,
 * `approve`, `recover`) and of its fingerprint; a scheme-1 device's bytes are exactly those of
 * before schemes existed. See docs/SYNC.md for the table.
 *
 * @module
 */

import { concat, lengthPrefixed, splitLengthPrefixed, u32be, u64be } from "./bytes.ts";
import { HYBRID_PUBLIC_KEY_BYTES, HYBRID_SIGNATURE_BYTES, type HybridScheme } from "./hybrid.ts";
import { GCM_TAG_BYTES, X_WING } from "./sizes.ts";

const utf8 = new TextEncoder();

/** Hybrid ML-DSA-65 ‖ Ed25519 public key (the `ML-DSA-65+Ed25519` format of `hybrid.ts`). */
export const SIGNING_PUBLIC_KEY_BYTES = HYBRID_PUBLIC_KEY_BYTES;
/** Hybrid signature: ML-DSA-65 ‖ Ed25519. */
export const SIGNATURE_BYTES = HYBRID_SIGNATURE_BYTES;
/** X-Wing public key. */
export const KEM_PUBLIC_KEY_BYTES = X_WING.publicKey;
/** Challenge nonces. */
export const NONCE_BYTES = 32;
/** Recovery material K and the random recovery secret R of the shares method. */
export const RECOVERY_KEY_BYTES = 32;
/** Password salts: the shipped client's length, and the least the gateway accepts. */
export const SALT_BYTES = 16;
/** The longest password salt the gateway accepts. */
export const MAX_SALT_BYTES = 64;
/** Largest sealed bundle and backup blob the gateway stores. */
export const MAX_BUNDLE_BYTES = 64 * 1024;

/** Sealed box v1 of X-Wing (`"PQSB" ‖ 0x01 ‖ u16be(4)`), then the X-Wing ciphertext and AEAD output. */
export const SEALED_XWING_PREFIX: Uint8Array = new Uint8Array([0x50, 0x51, 0x53, 0x42, 0x01, 0x00, 0x04]);
/** Smallest sealed box to an X-Wing key: header, KEM ciphertext, AES-GCM tag. */
export const MIN_SEALED_BYTES = SEALED_XWING_PREFIX.length + X_WING.ciphertext + GCM_TAG_BYTES;

/** The sender id of bundles the gateway seals itself (custodial accounts). */
export const GATEWAY_SENDER = "gateway";
/** The approver id of the first device, trusted through the account's bootstrap token. */
export const BOOTSTRAP_APPROVER = "bootstrap";

/** Backup and recovery methods, with their byte in the blob header. */
export const RECOVERY_METHODS = { password: 1, shares: 2 } as const;
/** A recovery method. */
export type RecoveryMethod = keyof typeof RECOVERY_METHODS;

/** The approver id of a device trusted through recovery. */
export function recoveryApprover(method: RecoveryMethod): string {
  return `recovery:${method}`;
}

/** Argon2id parameters of the password method. */
export interface KdfParams {
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
}

/** The least the gateway accepts (OWASP's Argon2id minimum: 19 MiB, 2 passes), and the client's default. */
export const MIN_KDF: KdfParams = { memoryKiB: 19456, iterations: 2, parallelism: 1 };
/** The most the gateway accepts (so a stored backup cannot make recovering devices allocate without bound). */
export const MAX_KDF: KdfParams = { memoryKiB: 1 << 20, iterations: 16, parallelism: 4 };

/** What a device statement is about. */
export type StatementKind = "possession" | "approve" | "bundle" | "fetch" | "revoke" | "backup" | "recover";

/** Every statement, with the fields it signs (ids are UTF-8 strings, epochs numbers). */
export type Statement =
  | {
    readonly kind: "possession";
    readonly nonce: Uint8Array;
    readonly accountId: string;
    readonly deviceId: string;
    readonly signingPublicKey: Uint8Array;
    readonly kemPublicKey: Uint8Array;
    /** The device's own scheme (a signed field for scheme 2 only). */
    readonly signatureScheme: HybridScheme;
  }
  | {
    readonly kind: "approve";
    readonly nonce: Uint8Array;
    readonly accountId: string;
    readonly epoch: number;
    readonly approverId: string;
    readonly deviceId: string;
    readonly signingPublicKey: Uint8Array;
    readonly kemPublicKey: Uint8Array;
    /** The approved device's scheme (a signed field for scheme 2 only). */
    readonly signatureScheme: HybridScheme;
  }
  | {
    readonly kind: "bundle";
    readonly nonce: Uint8Array;
    readonly accountId: string;
    readonly epoch: number;
    readonly senderId: string;
    readonly recipientId: string;
    /** SHA-256 of the sealed bundle. */
    readonly sealedDigest: Uint8Array;
  }
  | {
    readonly kind: "fetch";
    readonly nonce: Uint8Array;
    readonly accountId: string;
    readonly epoch: number;
    readonly deviceId: string;
  }
  | {
    readonly kind: "revoke";
    readonly nonce: Uint8Array;
    readonly accountId: string;
    readonly epoch: number;
    readonly revokerId: string;
    readonly deviceId: string;
  }
  | {
    readonly kind: "backup";
    readonly nonce: Uint8Array;
    readonly accountId: string;
    readonly epoch: number;
    readonly deviceId: string;
    readonly method: RecoveryMethod;
    /** SHA-256 of the backup blob. */
    readonly blobDigest: Uint8Array;
    readonly verifierPublicKey: Uint8Array;
    /** {@link kdfEncoding} of the method's parameters. */
    readonly kdf: Uint8Array;
    /** The recovery verifier key's scheme (a signed field for scheme 2 only). */
    readonly verifierScheme: HybridScheme;
  }
  | {
    readonly kind: "recover";
    readonly nonce: Uint8Array;
    readonly accountId: string;
    readonly method: RecoveryMethod;
    readonly deviceId: string;
    readonly signingPublicKey: Uint8Array;
    readonly kemPublicKey: Uint8Array;
    /** The recovered device's scheme (a signed field for scheme 2 only). */
    readonly signatureScheme: HybridScheme;
  };

/** The hybrid signature context of a statement kind: `pqgate/sync/<kind>/v1`. */
export function statementContext(kind: StatementKind): Uint8Array {
  return utf8.encode(`pqgate/sync/${kind}/v1`);
}

/**
 * The scheme as a statement field: nothing for scheme 1 (the bytes of before schemes existed,
 * so statements stored then still verify), one byte (`0x02`) for scheme 2.
 */
export function schemeField(scheme: HybridScheme): Uint8Array[] {
  return scheme === 1 ? [] : [Uint8Array.of(scheme)];
}

/** The exact bytes a statement's signature covers. */
export function statementMessage(s: Statement): Uint8Array {
  switch (s.kind) {
    case "possession":
      return lengthPrefixed([
        s.nonce,
        s.accountId,
        s.deviceId,
        s.signingPublicKey,
        s.kemPublicKey,
        ...schemeField(s.signatureScheme),
      ]);
    case "approve":
      return lengthPrefixed([
        s.nonce,
        s.accountId,
        u64be(s.epoch),
        s.approverId,
        s.deviceId,
        s.signingPublicKey,
        s.kemPublicKey,
        ...schemeField(s.signatureScheme),
      ]);
    case "bundle":
      return lengthPrefixed([s.nonce, s.accountId, u64be(s.epoch), s.senderId, s.recipientId, s.sealedDigest]);
    case "fetch":
      return lengthPrefixed([s.nonce, s.accountId, u64be(s.epoch), s.deviceId]);
    case "revoke":
      return lengthPrefixed([s.nonce, s.accountId, u64be(s.epoch), s.revokerId, s.deviceId]);
    case "backup":
      return lengthPrefixed([
        s.nonce,
        s.accountId,
        u64be(s.epoch),
        s.deviceId,
        s.method,
        s.blobDigest,
        s.verifierPublicKey,
        s.kdf,
        ...schemeField(s.verifierScheme),
      ]);
    case "recover":
      return lengthPrefixed([
        s.nonce,
        s.accountId,
        s.method,
        s.deviceId,
        s.signingPublicKey,
        s.kemPublicKey,
        ...schemeField(s.signatureScheme),
      ]);
  }
}

/** The associated data of a sealed bundle: binds account, sender, recipient and epoch. */
export function bundleAad(accountId: string, senderId: string, recipientId: string, epoch: number): Uint8Array {
  return lengthPrefixed(["pqgate/sync/bundle/v1", accountId, senderId, recipientId, u64be(epoch)]);
}

/** Whether `sealed` has the shape of a sealed box to an X-Wing key (the gateway cannot open it). */
export function looksSealedToXWing(sealed: Uint8Array): boolean {
  return sealed.length >= MIN_SEALED_BYTES && sealed.length <= MAX_BUNDLE_BYTES &&
    SEALED_XWING_PREFIX.every((byte, i) => sealed[i] === byte);
}

/** SHA-256 as the binding offers it (`Pqgate#hash`). */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/**
 * The human-comparable fingerprint of a device: the first 16 bytes of
 * SHA-256("pqgate/sync/fingerprint/v1" ‖ signingPublicKey ‖ kemPublicKey ‖ scheme), upper-case
 * hex in 8 groups of 4 joined by "-", where `scheme` is nothing for scheme 1 (the fingerprint of
 * before schemes existed) and the byte `0x02` for scheme 2 (both keys have fixed sizes, so the
 * extra byte cannot be confused with key material). The user compares it, so it commits to the
 * scheme: a gateway that presents a scheme-2 device as scheme 1 shows another fingerprint.
 */
export function fingerprint(
  sha256: Sha256,
  signingPublicKey: Uint8Array,
  kemPublicKey: Uint8Array,
  scheme: HybridScheme,
): string {
  const label = utf8.encode("pqgate/sync/fingerprint/v1");
  const digest = sha256(concat([label, signingPublicKey, kemPublicKey, ...schemeField(scheme)]));
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  return hex.match(/.{4}/g)?.join("-") ?? "";
}

/**
 * Whether Argon2id parameters lie within [{@link MIN_KDF}, {@link MAX_KDF}]: what the gateway
 * accepts for a backup and what a recovering device accepts from a backup statement (a lower
 * cost would hand whoever sees the recovery proof a cheaper password oracle).
 */
export function kdfWithinBounds(params: KdfParams): boolean {
  return params.memoryKiB >= MIN_KDF.memoryKiB && params.memoryKiB <= MAX_KDF.memoryKiB &&
    params.iterations >= MIN_KDF.iterations && params.iterations <= MAX_KDF.iterations &&
    params.parallelism >= MIN_KDF.parallelism && params.parallelism <= MAX_KDF.parallelism;
}

/** The signed encoding of a method's parameters (the `kdf` field of a backup statement). */
export type KdfDescription =
  | { readonly method: "password"; readonly salt: Uint8Array; readonly params: KdfParams }
  | { readonly method: "shares"; readonly threshold: number; readonly shareCount: number };

/** `lengthPrefixed(["argon2id", salt, u32be(m), u32be(t), u32be(p)])` or `lengthPrefixed(["shamir", u32be(t), u32be(n)])`. */
export function kdfEncoding(kdf: KdfDescription): Uint8Array {
  return kdf.method === "password"
    ? lengthPrefixed([
      "argon2id",
      kdf.salt,
      u32be(kdf.params.memoryKiB),
      u32be(kdf.params.iterations),
      u32be(kdf.params.parallelism),
    ])
    : lengthPrefixed(["shamir", u32be(kdf.threshold), u32be(kdf.shareCount)]);
}

/** Parses {@link kdfEncoding}; `undefined` for anything else (a wrong label, field count or size). */
export function parseKdfEncoding(bytes: Uint8Array): KdfDescription | undefined {
  const u32 = (b: Uint8Array | undefined) =>
    b?.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0) : undefined;
  const label = (b: Uint8Array | undefined) => b === undefined ? undefined : new TextDecoder().decode(b);
  const password = splitLengthPrefixed(bytes, 5);
  if (password !== undefined && label(password[0]) === "argon2id") {
    const [, salt, m, t, p] = password;
    const [memoryKiB, iterations, parallelism] = [u32(m), u32(t), u32(p)];
    if (salt === undefined || memoryKiB === undefined || iterations === undefined || parallelism === undefined) {
      return undefined;
    }
    return { method: "password", salt: salt.slice(), params: { memoryKiB, iterations, parallelism } };
  }
  const shares = splitLengthPrefixed(bytes, 3);
  if (shares !== undefined && label(shares[0]) === "shamir") {
    const [threshold, shareCount] = [u32(shares[1]), u32(shares[2])];
    if (threshold === undefined || shareCount === undefined) return undefined;
    return { method: "shares", threshold, shareCount };
  }
  return undefined;
}

/**
 * A stored backup statement: what the uploading device signed (kind `backup`) when it stored
 * the backup, kept with the backup and with every device trusted through it, so devices can
 * check a recovered device's chain (recover proof → verifier key → backup statement →
 * uploader → … → bootstrap device) and a recovering device takes its KDF parameters from
 * signed bytes only.
 */
export interface BackupStatement {
  readonly uploaderId: string;
  readonly epoch: number;
  readonly method: RecoveryMethod;
  /** SHA-256 of the blob. */
  readonly blobDigest: Uint8Array;
  readonly verifierPublicKey: Uint8Array;
  /** {@link kdfEncoding} of the method's parameters, exactly as signed. */
  readonly kdf: Uint8Array;
  /** The scheme the verifier key signs `recover` statements with (signed, see {@link schemeField}). */
  readonly verifierScheme: HybridScheme;
  /** The nonce of the uploader's backup challenge, and its signature. */
  readonly nonce: Uint8Array;
  readonly signature: Uint8Array;
}

/** The `backup` statement a {@link BackupStatement} records (its signature verifies over this). */
export function backupStatementOf(accountId: string, b: BackupStatement): Statement {
  return {
    kind: "backup",
    nonce: b.nonce,
    accountId,
    epoch: b.epoch,
    deviceId: b.uploaderId,
    method: b.method,
    blobDigest: b.blobDigest,
    verifierPublicKey: b.verifierPublicKey,
    kdf: b.kdf,
    verifierScheme: b.verifierScheme,
  };
}

/** HKDF `info` of what recovery material K yields, each bound to the account. */
export function recoveryInfo(
  what: "backup-key" | "recovery-ml-dsa" | "recovery-ed25519",
  accountId: string,
): Uint8Array {
  return utf8.encode(`pqgate/sync/${what}/v1${accountId}`);
}

const BACKUP_MAGIC = utf8.encode("PQBK");
/** `"PQBK" ‖ 0x01 ‖ method ‖ u64be(epoch)`. */
export const BACKUP_HEADER_BYTES = 4 + 1 + 1 + 8;
/** Header, AES-GCM nonce and tag: the smallest blob (an empty plaintext). */
export const MIN_BACKUP_BYTES = BACKUP_HEADER_BYTES + 12 + 16;

/** The header of a backup blob v1. */
export function backupHeader(method: RecoveryMethod, epoch: number): Uint8Array {
  return concat([BACKUP_MAGIC, new Uint8Array([1, RECOVERY_METHODS[method]]), u64be(epoch)]);
}

/** The AES-256-GCM associated data of a backup blob: header ‖ accountId. */
export function backupAad(header: Uint8Array, accountId: string): Uint8Array {
  return concat([header, utf8.encode(accountId)]);
}

/** A parsed backup blob: its header fields and the AEAD part (`nonce ‖ ciphertext ‖ tag`). */
export interface BackupBlob {
  readonly method: RecoveryMethod;
  readonly epoch: number;
  readonly header: Uint8Array;
  readonly sealed: Uint8Array;
}

/** Parses blob v1; `undefined` for a wrong magic, version, method byte or size. */
export function parseBackupBlob(blob: Uint8Array): BackupBlob | undefined {
  if (blob.length < MIN_BACKUP_BYTES || blob.length > MAX_BUNDLE_BYTES) return undefined;
  if (!BACKUP_MAGIC.every((byte, i) => blob[i] === byte) || blob[4] !== 1) return undefined;
  const method = (Object.keys(RECOVERY_METHODS) as RecoveryMethod[]).find((m) => RECOVERY_METHODS[m] === blob[5]);
  if (method === undefined) return undefined;
  const epoch = new DataView(blob.buffer, blob.byteOffset + 6, 8).getBigUint64(0);
  if (epoch > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return {
    method,
    epoch: Number(epoch),
    header: blob.subarray(0, BACKUP_HEADER_BYTES),
    sealed: blob.subarray(BACKUP_HEADER_BYTES),
  };
}
