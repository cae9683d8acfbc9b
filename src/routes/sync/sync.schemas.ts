/**
 * Contracts of the sync routes; sizes are checked here, before anything reaches the library.
 *
 * @module
 */

import { hybridSchemeSchema } from "../../http/hybrid-scheme.ts";
import { CANONICAL_UUID } from "../../common/uuid.ts";
import { z } from "@hono/zod-openapi";
import { base64url, base64urlOut } from "../../http/base64url.ts";
import { freeText, integer } from "../../http/fields.ts";
import {
  type KdfParams,
  KEM_PUBLIC_KEY_BYTES,
  MAX_BUNDLE_BYTES,
  MAX_KDF,
  MAX_SALT_BYTES,
  MIN_KDF,
  RECOVERY_METHODS,
  type RecoveryMethod,
  SALT_BYTES,
  SIGNATURE_BYTES,
  SIGNING_PUBLIC_KEY_BYTES,
} from "../../common/sync.ts";

/** Exactly `size` bytes, base64url. */
function exactBytes(description: string, size: number) {
  return base64url(description, { exact: size });
}

const Id = (what: string) => z.string().regex(CANONICAL_UUID, "a lower-case UUID").openapi({ description: what });
const Signature = exactBytes("Hybrid ML-DSA-65 ‖ Ed25519 signature of the statement", SIGNATURE_BYTES);
const SigningPublicKey = exactBytes("Hybrid ML-DSA-65 ‖ Ed25519 public key", SIGNING_PUBLIC_KEY_BYTES);
const methods = Object.keys(RECOVERY_METHODS) as [RecoveryMethod, ...RecoveryMethod[]];
const Method = z.enum(methods);
const bytesOut = base64urlOut();
/**
 * A declared scheme: absent is 1, what a client from before schemes signs with (so it keeps
 * working unchanged); the shipped client declares 2.
 */
const DeclaredScheme = (what: string) =>
  hybridSchemeSchema(
    `${what}: 1 or 2 (docs/SYNC.md, "Signature schemes"). Absent: 1, for clients that predate schemes.`,
  ).default(1);
const time = z.string().openapi({ format: "date-time" });

/** `{accountId}`. */
export const AccountParams = z.object({
  accountId: Id("Account id").openapi({ param: { name: "accountId", in: "path" } }),
});
/** `{accountId}/devices/{deviceId}`. */
export const DeviceParams = AccountParams.extend({
  deviceId: Id("Device id").openapi({ param: { name: "deviceId", in: "path" } }),
});
/** `{accountId}/backups/{method}`. */
export const BackupParams = AccountParams.extend({
  method: Method.openapi({ param: { name: "method", in: "path" } }),
});

/** `POST /v1/sync/accounts`. */
export const CreateAccountBody = z.object({
  name: freeText(1, 128),
  custodial: z.boolean().optional().openapi({
    description: "The gateway holds the account key and seals it to devices.",
  }),
}).strict().openapi("CreateSyncAccount");

const BackupStatement = z.object({
  uploaderId: z.string(),
  epoch: z.number().int(),
  method: Method,
  blobDigest: bytesOut.openapi({ description: "SHA-256 of the backup blob" }),
  verifierPublicKey: bytesOut,
  verifierScheme: hybridSchemeSchema("The verifier key's hybrid scheme (signed in the statement)"),
  kdf: bytesOut.openapi({ description: "The signed encoding of the method's parameters (docs/SYNC.md)" }),
  nonce: bytesOut,
  signature: bytesOut.openapi({ description: "The uploader's signature of the backup statement" }),
}).openapi("SyncBackupStatement");

const Approval = z.object({
  approverId: z.string(),
  epoch: z.number().int(),
  nonce: bytesOut.nullable(),
  signature: bytesOut.nullable(),
  backup: BackupStatement.nullable().openapi({
    description: "For recovery:<method>: the backup statement whose verifier key signed the recover proof",
  }),
}).openapi("SyncApproval");

const Backup = z.object({
  method: Method,
  stale: z.boolean().openapi({ description: "Recovery would refuse it (sync-backup-stale): upload a new one" }),
  statement: BackupStatement.nullable(),
}).openapi("SyncBackupInfo");

const Device = z.object({
  id: z.string(),
  name: z.string(),
  // Named, so that generated clients do not derive the name SyncDeviceStatus for it (the response below).
  status: z.enum(["pending", "verified", "trusted", "revoked"]).openapi("SyncDeviceState"),
  fingerprint: z.string(),
  signingPublicKey: bytesOut,
  kemPublicKey: bytesOut,
  signatureScheme: hybridSchemeSchema(
    "The hybrid scheme the device declared at registration (devices check it against its approval)",
  ),
  approval: Approval.nullable(),
  revokedEpoch: z.number().int().nullable(),
  createdAt: time,
}).openapi("SyncDevice");

/** An account and its devices. */
export const AccountBody = z.object({
  id: z.string(),
  name: z.string(),
  epoch: z.number().int(),
  custodial: z.boolean(),
  devices: z.array(Device),
  backups: z.array(Backup),
}).openapi("SyncAccount");

/** A new account, with its bootstrap token (shown only here). */
export const CreatedAccountBody = AccountBody.omit({ devices: true, backups: true }).extend({
  bootstrapToken: z.string().openapi({ description: "Single use; trusts the first device. Shown once." }),
}).openapi("CreatedSyncAccount");

/** A challenge to sign. */
export const ChallengeBody = z.object({
  id: z.string(),
  nonce: bytesOut,
  epoch: z.number().int(),
  expiresAt: time,
}).openapi("SyncChallenge");

/** `POST …/devices`. */
export const RegisterDeviceBody = z.object({
  name: freeText(1, 128),
  signingPublicKey: SigningPublicKey,
  kemPublicKey: exactBytes("X-Wing public key", KEM_PUBLIC_KEY_BYTES),
  signatureScheme: DeclaredScheme("The hybrid scheme of every statement the device will sign"),
}).strict().openapi("RegisterSyncDevice");

/** A registered device and its possession challenge. */
export const RegisteredDeviceBody = z.object({
  id: z.string(),
  fingerprint: z.string(),
  signatureScheme: hybridSchemeSchema("The hybrid scheme the device signs with"),
  status: z.literal("pending"),
  challenge: ChallengeBody,
}).openapi("RegisteredSyncDevice");

/** `POST …/possession`. */
export const PossessionBody = z.object({
  challengeId: Id("The possession challenge"),
  signature: Signature,
  bootstrapToken: z.string().max(64).optional(),
}).strict().openapi("SyncPossession");

/** A device status after a change. */
export const StatusBody = z.object({ status: z.enum(["verified", "trusted"]) }).openapi("SyncDeviceStatus");

/** `POST …/challenges`. */
export const ChallengeRequestBody = z.object({
  purpose: z.enum(["possession", "approve", "bundle", "fetch", "revoke", "backup"]),
}).strict().openapi("SyncChallengeRequest");

/** `POST …/approval`. */
export const ApprovalBody = z.object({
  approverId: Id("The approving trusted device (the challenge was issued to it)"),
  challengeId: Id("The approver's approve challenge"),
  signature: Signature,
}).strict().openapi("SyncApprove");

/** `POST …/bundles`. */
export const SendBundleBody = z.object({
  senderId: Id("The sending trusted device"),
  recipientId: Id("The receiving trusted device"),
  epoch: integer(1),
  sealed: base64url("Sealed box to the recipient's X-Wing key", MAX_BUNDLE_BYTES),
  challengeId: Id("The sender's bundle challenge"),
  signature: Signature,
}).strict().openapi("SyncSendBundle");

/** `POST …/devices/{deviceId}/bundle`: the fetch statement. */
export const SignedChallengeBody = z.object({
  challengeId: Id("The device's challenge"),
  signature: Signature,
}).strict().openapi("SyncSignedChallenge");

/** A fetched bundle. */
export const BundleBody = z.object({
  epoch: z.number().int(),
  senderId: z.string(),
  sealed: bytesOut,
  signature: bytesOut.nullable(),
  nonce: bytesOut.nullable(),
}).openapi("SyncBundle");

/** `POST …/revoke`: a trusted device's statement, or `{}` with the `sync:admin` scope. */
export const RevokeBody = z.union([
  z.object({
    revokerId: Id("The revoking trusted device"),
    challengeId: Id("The revoker's revoke challenge"),
    signature: Signature,
  }).strict(),
  z.object({}).strict(),
]).openapi("SyncRevoke");

/** The account's new epoch. */
export const EpochBody = z.object({ epoch: z.number().int() }).openapi("SyncEpoch");

/** What the gateway accepts of an Argon2id parameter, from the one definition of the bounds. */
const kdfBound = (name: keyof KdfParams, what: string) =>
  `${what}: accepted from ${MIN_KDF[name]} to ${MAX_KDF[name]}; outside that 422 sync-kdf-too-weak ` +
  "(this schema only rejects what cannot be a parameter at all, with 400)";

const Kdf = z.object({
  salt: base64url("Argon2id salt (the shipped client uses 16 bytes)", { min: SALT_BYTES, max: MAX_SALT_BYTES }),
  memoryKiB: integer(1, 1 << 22).openapi({ description: kdfBound("memoryKiB", "Memory in KiB") }),
  iterations: integer(1, 64).openapi({ description: kdfBound("iterations", "Passes") }),
  parallelism: integer(1, 64).openapi({ description: kdfBound("parallelism", "Lanes") }),
}).strict().openapi("SyncKdf");

/** `PUT …/backups/{method}`. */
export const BackupBody = z.object({
  deviceId: Id("The uploading trusted device"),
  challengeId: Id("Its backup challenge"),
  signature: Signature,
  blob: base64url("Backup blob v1", MAX_BUNDLE_BYTES),
  verifierPublicKey: SigningPublicKey,
  verifierScheme: DeclaredScheme("The hybrid scheme the verifier key signs recover statements with"),
  kdf: Kdf.optional(),
  threshold: integer(2, 255).optional(),
  shareCount: integer(2, 255).optional(),
}).strict().openapi("SyncBackup");

/** `POST …/recovery/challenges`. */
export const RecoveryChallengeRequestBody = z.object({
  method: Method,
  deviceId: Id("The verified device that will recover, registered with this token (the challenge is bound to it)"),
}).strict().openapi("SyncRecoveryRequest");

/** A recovery challenge with the password method's KDF parameters. */
export const RecoveryChallengeBody = ChallengeBody.extend({
  kdf: z.object({
    salt: bytesOut,
    memoryKiB: z.number().int(),
    iterations: z.number().int(),
    parallelism: z.number().int(),
  }).nullable(),
}).openapi("SyncRecoveryChallenge");

/** `POST …/recovery`. */
export const RecoverBody = z.object({
  method: Method,
  challengeId: Id("The recovery challenge"),
  deviceId: Id("The verified device to trust"),
  signature: Signature,
}).strict().openapi("SyncRecover");

/** A successful recovery. */
export const RecoveredBody = z.object({
  status: z.literal("trusted"),
  blob: bytesOut,
  epoch: z.number().int(),
}).openapi("SyncRecovered");
