/**
 * Accounts and devices: create an account (with its single-use bootstrap token), register a
 * device, prove possession of its keys, approve it from a trusted device (cross-signing),
 * issue challenges (revocation: `revocation.ts`). No Hono types; refusals are {@link SyncError}s.
 *
 * @module
 */

import type { Database } from "../../db/client.ts";
import * as repo from "../../db/sync.ts";
import { BOOTSTRAP_APPROVER, fingerprint, type RecoveryMethod } from "../../common/sync.ts";
import type { HybridScheme } from "../../common/hybrid.ts";
import { backupStaleness, backupStatementOfRow } from "./recovery-service.ts";
import { newTokenSecret, tokenHash } from "../auth/token-secret.ts";
import {
  type ChallengePurpose,
  type ChallengeView,
  challengeView,
  consumeChallenge,
  issueChallenge,
  newChallenge,
  openChallenge,
  verifyStatement,
} from "./challenges.ts";
import { createCustodialKey, custodialBundles, isLatestAccountKey } from "./custodial.ts";
import {
  deviceSigner,
  later,
  requireAccount,
  requireDevice,
  requireEnrolledToken,
  requireNotRevoked,
  requireRegisteredBy,
  requireTrusted,
  requireValidPublicKey,
  type SyncDeps,
} from "./deps.ts";
import { SyncError } from "./errors.ts";
import { trustDevice } from "./trust.ts";
import { type AccountView, accountView } from "./views.ts";

/** Prefix of bootstrap tokens (only their SHA-256 is stored). */
const BOOTSTRAP_PREFIX = "pqb_";

/** A device's answer to a challenge. */
export interface SignedAnswer {
  readonly challengeId: string;
  readonly signature: Uint8Array;
}

/** A device's public identity. */
export interface DeviceKeys {
  readonly name: string;
  readonly signingPublicKey: Uint8Array;
  readonly kemPublicKey: Uint8Array;
  /** The hybrid scheme of every statement it signs, fixed at registration. */
  readonly signatureScheme: HybridScheme;
}

/** The account and device use cases. */
export class AccountService {
  readonly #deps: SyncDeps;

  constructor(deps: SyncDeps) {
    this.#deps = deps;
  }

  /** Creates an account at epoch 1; the bootstrap token is in the result and nowhere else. */
  async create(owner: string, input: { name: string; custodial: boolean }): Promise<{
    account: AccountView;
    bootstrapToken: string;
  }> {
    const deps = this.#deps;
    const id = crypto.randomUUID();
    const accountKeyName = input.custodial ? await createCustodialKey(deps, owner, id) : null;
    const bootstrapToken = newTokenSecret(deps.pq, BOOTSTRAP_PREFIX);
    const row = await repo.insertAccount(deps.db, {
      id,
      owner,
      name: input.name,
      custodial: input.custodial,
      accountKeyName,
      bootstrapHash: this.#bootstrapHash(bootstrapToken) ?? new Uint8Array(),
      bootstrapExpiresAt: later(deps, deps.settings.bootstrapTtlSeconds),
    });
    return { account: accountView(row, []), bootstrapToken };
  }

  /**
   * An account with its devices and backups (their signed statements), for an admin
   * (`tokenId` undefined) or a device token that registered a device of it.
   *
   * @throws {SyncError} `sync-account-not-found`, `sync-token-not-enrolled`.
   */
  async get(owner: string, accountId: string, tokenId: string | undefined): Promise<AccountView> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    await requireEnrolledToken(deps, account.id, tokenId);
    const backups = [];
    for (const row of await repo.listBackups(deps.db, account.id)) {
      const statement = backupStatementOfRow((d) => deps.pq.hash("SHA-256", d), row) ?? null;
      const stale = (await backupStaleness(deps.db, account, row)) !== undefined;
      backups.push({ method: row.method as RecoveryMethod, stale, statement });
    }
    return accountView(account, await repo.listDevices(deps.db, account.id), backups);
  }

  /**
   * Registers a pending device (with the scheme it declares) for the token `tokenId`, which
   * then acts through it, and issues its possession challenge.
   */
  async register(owner: string, accountId: string, keys: DeviceKeys, tokenId: string): Promise<{
    id: string;
    fingerprint: string;
    signatureScheme: HybridScheme;
    status: "pending";
    challenge: ChallengeView;
  }> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    requireValidPublicKey(deps, "ML-DSA-65+Ed25519", keys.signingPublicKey);
    requireValidPublicKey(deps, "X-Wing", keys.kemPublicKey);
    const id = crypto.randomUUID();
    const sha256 = (d: Uint8Array) => deps.pq.hash("SHA-256", d);
    const print = fingerprint(sha256, keys.signingPublicKey, keys.kemPublicKey, keys.signatureScheme);
    const challenge = newChallenge(deps, account, id, "possession");
    await repo.insertDevice(
      deps.db,
      { id, accountId: account.id, status: "pending", fingerprint: print, registeredBy: tokenId, ...keys },
      challenge,
    );
    const { signatureScheme } = keys;
    return { id, fingerprint: print, signatureScheme, status: "pending", challenge: challengeView(challenge) };
  }

  /**
   * Proves possession of both private keys: `trusted` with a valid bootstrap token while the
   * account has no trusted device, else `verified` (awaiting approval).
   *
   * @throws {SyncError} `sync-device-state` (not pending), `sync-bootstrap-invalid`, challenge and signature errors.
   */
  async provePossession(
    owner: string,
    accountId: string,
    deviceId: string,
    answer: SignedAnswer & { bootstrapToken?: string | undefined },
  ): Promise<{ status: "trusted" | "verified" }> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, deviceId);
    requireNotRevoked(device);
    if (device.status !== "pending") throw new SyncError("sync-device-state", `device is ${device.status}`);
    const challenge = await openChallenge(deps, account, answer.challengeId, device.id, "possession", true);
    const signer = deviceSigner(device);
    const statement = {
      kind: "possession",
      nonce: challenge.nonce,
      accountId,
      deviceId,
      signingPublicKey: device.signingPublicKey,
      kemPublicKey: device.kemPublicKey,
      signatureScheme: signer.scheme,
    } as const;
    verifyStatement(deps, signer, statement, answer.signature);
    const bootstrapHash = answer.bootstrapToken === undefined ? undefined : this.#bootstrapHash(answer.bootstrapToken);
    if (answer.bootstrapToken !== undefined && bootstrapHash === undefined) {
      throw new SyncError("sync-bootstrap-invalid", "the bootstrap token is malformed");
    }
    // Sealed before the transaction: PGlite runs one statement at a time, so no query may run beside it.
    const sealed = bootstrapHash !== undefined && account.custodial
      ? await custodialBundles(deps, account, [device], account.epoch)
      : undefined;
    return await deps.db.transaction(async (tx: Database) => {
      const locked = await repo.lockAccount(tx, account.id);
      await consumeChallenge(deps, tx, challenge);
      let status: "trusted" | "verified" = "verified";
      if (bootstrapHash !== undefined) {
        if (!(await repo.consumeBootstrap(tx, account.id, bootstrapHash, deps.clock.now()))) {
          throw new SyncError("sync-bootstrap-invalid", "the bootstrap token is wrong, used or expired");
        }
        if (!(await repo.hasTrustedDevice(tx, account.id))) status = "trusted";
      }
      const approval = status === "trusted"
        ? {
          approverId: BOOTSTRAP_APPROVER,
          approvalEpoch: locked.epoch,
          approvalNonce: challenge.nonce,
          approvalSignature: answer.signature,
        }
        : undefined;
      if (!(await repo.transitionDevice(tx, device.id, "pending", status, approval))) {
        throw new SyncError("sync-device-state", "the device changed state concurrently");
      }
      // An epoch bump meanwhile re-seals (or will) for the devices then trusted; a bundle of
      // another epoch or key version would be stale.
      if (
        status === "trusted" && sealed !== undefined && locked.epoch === account.epoch &&
        await isLatestAccountKey(deps, tx, account, sealed.version)
      ) {
        for (const bundle of sealed.bundles) await repo.upsertBundle(tx, bundle);
      }
      return { status };
    });
  }

  /**
   * Issues a challenge to a device registered by the token `tokenId`: `possession` for a
   * pending device, anything else for a trusted one.
   *
   * @throws {SyncError} `sync-token-not-enrolled`, `sync-device-revoked`, `sync-device-not-trusted`,
   * `sync-device-state`.
   */
  async challenge(
    owner: string,
    accountId: string,
    deviceId: string,
    purpose: ChallengePurpose,
    tokenId: string,
  ): Promise<ChallengeView> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, deviceId);
    requireRegisteredBy(device, tokenId);
    if (purpose === "possession") {
      requireNotRevoked(device);
      if (device.status !== "pending") throw new SyncError("sync-device-state", `device is ${device.status}`);
    } else {
      requireTrusted(device);
    }
    return await issueChallenge(deps, account, device.id, purpose);
  }

  /**
   * A trusted device approves a verified one (cross-signing); custodial accounts get the
   * account key sealed to it in the same transaction.
   *
   * @throws {SyncError} `sync-device-not-trusted` / `sync-device-revoked` (approver),
   * `sync-device-state` (device not verified), `sync-stale-epoch`, challenge and signature errors.
   */
  async approve(
    owner: string,
    accountId: string,
    deviceId: string,
    answer: SignedAnswer & { approverId: string },
  ): Promise<{ status: "trusted" }> {
    const deps = this.#deps;
    const account = await requireAccount(deps, owner, accountId);
    const device = await requireDevice(deps, account.id, deviceId);
    const approver = await requireDevice(deps, account.id, answer.approverId);
    requireTrusted(approver);
    requireNotRevoked(device);
    if (device.status !== "verified") {
      throw new SyncError("sync-device-state", `device is ${device.status}; only verified devices can be approved`);
    }
    const challenge = await openChallenge(deps, account, answer.challengeId, approver.id, "approve");
    // The approver signs with its own scheme, over the approved device's keys and scheme.
    verifyStatement(deps, deviceSigner(approver), {
      kind: "approve",
      nonce: challenge.nonce,
      accountId: account.id,
      epoch: challenge.epoch,
      approverId: approver.id,
      deviceId: device.id,
      signingPublicKey: device.signingPublicKey,
      kemPublicKey: device.kemPublicKey,
      signatureScheme: deviceSigner(device).scheme,
    }, answer.signature);
    await trustDevice(deps, account, device, challenge, approver.id, answer.signature);
    return { status: "trusted" };
  }

  #bootstrapHash(token: string): Uint8Array | undefined {
    return tokenHash(this.#deps.pq, token, BOOTSTRAP_PREFIX);
  }
}
