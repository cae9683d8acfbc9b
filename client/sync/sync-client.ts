/**
 * The device half of every sync flow, over HTTP against a pqgate gateway. Each method fetches
 * a challenge, signs the statement `src/common/sync.ts` defines, and posts it; nothing is
 * opened or sealed before the cross-signing chain of the other device verifies.
 *
 * ```ts
 * const client = new SyncClient(pq, "http://127.0.0.1:8080", token);
 * const account = await client.createAccount("alice");            // token with sync:admin
 * using laptop = Device.generate(pq, "laptop");
 * await client.register(account.id, laptop, account.bootstrapToken); // trusted
 * ```
 *
 * @module
 */

import type { Pqgate } from "../../ffi/mod.ts";
import {
  bundleAad,
  fingerprint,
  GATEWAY_SENDER,
  type KdfParams,
  MIN_KDF,
  RECOVERY_KEY_BYTES,
  type RecoveryMethod,
  SALT_BYTES,
} from "../../src/common/sync.ts";
import { type AccountInfo, ChainError, check, parseAccount, verifiedBackup, verifiedDevice } from "./chain.ts";
import { passwordRecoveryKey } from "./backup.ts";
import { type Challenge, deviceChallenge, recoverBundle, recoveryChallenge, storeBackup } from "./requests.ts";
import type { Device } from "./device.ts";
import { b64, type Fetch, GatewayHttp, unb64 } from "./http.ts";

/** A created account. */
export interface CreatedAccount {
  readonly id: string;
  readonly epoch: number;
  readonly custodial: boolean;
  /** Single use: pass it to {@link SyncClient.register} for the first device. */
  readonly bootstrapToken: string;
}

/** Options of a {@link SyncClient}. */
export interface SyncClientOptions {
  /**
   * The highest epoch seen per account id. The client raises it with every epoch the gateway
   * reports and refuses a lower one (a rollback); pass a map you persist to keep that memory
   * across restarts (default: a fresh map).
   */
  readonly epochs?: Map<string, number>;
}

/** A sync client for one gateway and token. */
export class SyncClient {
  readonly #pq: Pqgate;
  readonly #http: GatewayHttp;
  readonly #epochs: Map<string, number>;

  /** `send` replaces the global `fetch` (e.g. an in-process app's `request`). */
  constructor(pq: Pqgate, baseUrl: string, token: string, send?: Fetch, options: SyncClientOptions = {}) {
    this.#pq = pq;
    this.#http = new GatewayHttp(baseUrl, token, send);
    this.#epochs = options.epochs ?? new Map();
  }

  /** The highest epoch this client has seen for the account (undefined before any). */
  highestEpoch(accountId: string): number | undefined {
    return this.#epochs.get(accountId);
  }

  /**
   * Records an epoch the gateway reported for the account in answer to a request sent when
   * `floor` was the highest epoch seen. A lower epoch than `floor` is a rollback (epochs only
   * rise); answers to concurrent requests may arrive out of order, so the floor is the one of
   * the request, not the highest seen since.
   *
   * @throws {ChainError} for an epoch below `floor` (a rolled-back or replayed view).
   */
  #seeEpoch(accountId: string, epoch: number, floor: number): void {
    if (!Number.isSafeInteger(epoch) || epoch < floor) {
      throw new ChainError(`rollback: the gateway reports epoch ${epoch} for ${accountId}, after ${floor}`);
    }
    if (epoch > this.#floor(accountId)) this.#epochs.set(accountId, epoch);
  }

  #floor(accountId: string): number {
    return this.#epochs.get(accountId) ?? 0;
  }

  async #challenge(accountId: string, device: Device, purpose: string): Promise<Challenge> {
    const floor = this.#floor(accountId);
    const challenge = await deviceChallenge(this.#http, accountId, device, purpose);
    this.#seeEpoch(accountId, challenge.epoch, floor);
    return challenge;
  }

  /** Creates an account (token with `sync:admin`). */
  async createAccount(name: string, options: { custodial?: boolean } = {}): Promise<CreatedAccount> {
    return await this.#http.call<CreatedAccount>("POST", "/v1/sync/accounts", { name, ...options });
  }

  /** The account with its devices and backups. @throws {ChainError} for a rolled-back epoch. */
  async account(accountId: string): Promise<AccountInfo> {
    const floor = this.#floor(accountId);
    const account = parseAccount(await this.#http.call("GET", `/v1/sync/accounts/${accountId}`));
    if (account.id !== accountId) throw new ChainError(`asked for account ${accountId}, got ${account.id}`);
    this.#seeEpoch(accountId, account.epoch, floor);
    return account;
  }

  /**
   * Registers `device` and proves possession of its keys; with the bootstrap token the first
   * device becomes `trusted`, every later one `verified` (it then needs an approval).
   */
  async register(accountId: string, device: Device, bootstrapToken?: string): Promise<"trusted" | "verified"> {
    const floor = this.#floor(accountId);
    const base = `/v1/sync/accounts/${accountId}/devices`;
    const registered = await this.#http.call<
      { id: string; fingerprint: string; challenge: { id: string; nonce: string; epoch: number } }
    >(
      "POST",
      base,
      {
        name: device.name,
        signingPublicKey: b64(device.signingPublicKey),
        kemPublicKey: b64(device.kemPublicKey),
        signatureScheme: device.signatureScheme,
      },
    );
    // The fingerprint covers the scheme: another one means the gateway recorded other keys or another scheme.
    if (registered.fingerprint !== device.fingerprint) throw new ChainError("the gateway reports another fingerprint");
    this.#seeEpoch(accountId, registered.challenge.epoch, floor);
    device.id = registered.id;
    const signature = device.sign({
      kind: "possession",
      nonce: unb64(registered.challenge.nonce),
      accountId,
      deviceId: registered.id,
      signingPublicKey: device.signingPublicKey,
      kemPublicKey: device.kemPublicKey,
      signatureScheme: device.signatureScheme,
    });
    const { status } = await this.#http.call<{ status: "trusted" | "verified" }>(
      "POST",
      `${base}/${registered.id}/possession`,
      {
        challengeId: registered.challenge.id,
        signature: b64(signature),
        ...(bootstrapToken ? { bootstrapToken } : {}),
      },
    );
    return status;
  }

  /**
   * `approver` (trusted) approves the verified device `deviceId`, whose fingerprint the user
   * compared out of band: the fingerprint is recomputed from the exact public keys and scheme
   * about to be signed (never taken from the gateway's string), and a mismatch refuses before
   * anything is signed. The fingerprint covers the scheme, so a gateway that presents a scheme-2
   * device as scheme 1 is refused here.
   */
  async approve(accountId: string, approver: Device, deviceId: string, expectedFingerprint: string): Promise<void> {
    const target = (await this.account(accountId)).devices.find((d) => d.id === deviceId);
    if (target === undefined) throw new ChainError(`device ${deviceId} is not in the account`);
    const { signingPublicKey, kemPublicKey, signatureScheme } = target;
    const print = fingerprint((d) => this.#pq.hash("SHA-256", d), signingPublicKey, kemPublicKey, signatureScheme);
    if (print !== expectedFingerprint) throw new ChainError("fingerprint mismatch: not approving");
    const challenge = await this.#challenge(accountId, approver, "approve");
    const signature = approver.sign({
      kind: "approve",
      nonce: challenge.nonce,
      accountId,
      epoch: challenge.epoch,
      approverId: approver.registeredId,
      deviceId,
      signingPublicKey,
      kemPublicKey,
      signatureScheme,
    });
    await this.#http.call("POST", `/v1/sync/accounts/${accountId}/devices/${deviceId}/approval`, {
      approverId: approver.registeredId,
      challengeId: challenge.id,
      signature: b64(signature),
    });
  }

  /** Seals `bundle` to `recipientId` (after verifying its chain) for the current epoch and uploads it. */
  async sendBundle(accountId: string, sender: Device, recipientId: string, bundle: Uint8Array): Promise<void> {
    const recipient = verifiedDevice(this.#pq, await this.account(accountId), recipientId);
    const challenge = await this.#challenge(accountId, sender, "bundle");
    using recipientKey = this.#pq.importPublicKey("X-Wing", recipient.kemPublicKey);
    const aad = bundleAad(accountId, sender.registeredId, recipientId, challenge.epoch);
    const sealed = recipientKey.seal(bundle, aad);
    const signature = sender.sign({
      kind: "bundle",
      nonce: challenge.nonce,
      accountId,
      epoch: challenge.epoch,
      senderId: sender.registeredId,
      recipientId,
      sealedDigest: this.#pq.hash("SHA-256", sealed),
    });
    await this.#http.call("POST", `/v1/sync/accounts/${accountId}/bundles`, {
      senderId: sender.registeredId,
      recipientId,
      epoch: challenge.epoch,
      sealed: b64(sealed),
      challengeId: challenge.id,
      signature: b64(signature),
    });
  }

  /**
   * Fetches and opens this device's bundle for the current epoch, after verifying the
   * sender's chain and its signature (custodial accounts: sealed by the gateway).
   * Keeps the plaintext in `device.bundle` and returns it.
   *
   * @throws {ChainError} for a sender or signature that does not verify; {PqError}
   * `DECRYPTION_FAILED` for a bundle tampered with or sealed to another device or epoch.
   */
  async fetchBundle(accountId: string, device: Device): Promise<Uint8Array> {
    const challenge = await this.#challenge(accountId, device, "fetch");
    const signature = device.sign({
      kind: "fetch",
      nonce: challenge.nonce,
      accountId,
      epoch: challenge.epoch,
      deviceId: device.registeredId,
    });
    const got = await this.#http.call<
      { epoch: number; senderId: string; sealed: string; signature: string | null; nonce: string | null }
    >(
      "POST",
      `/v1/sync/accounts/${accountId}/devices/${device.registeredId}/bundle`,
      { challengeId: challenge.id, signature: b64(signature) },
    );
    const sealed = unb64(got.sealed);
    this.#seeEpoch(accountId, got.epoch, challenge.epoch);
    const account = await this.account(accountId);
    if (got.senderId === GATEWAY_SENDER) {
      if (!account.custodial) throw new ChainError("the gateway sealed a bundle for a non-custodial account");
    } else {
      const sender = verifiedDevice(this.#pq, account, got.senderId);
      check(
        this.#pq,
        sender.signingPublicKey,
        sender.signatureScheme,
        {
          kind: "bundle",
          nonce: unb64(got.nonce ?? ""),
          accountId,
          epoch: got.epoch,
          senderId: sender.id,
          recipientId: device.registeredId,
          sealedDigest: this.#pq.hash("SHA-256", sealed),
        },
        unb64(got.signature ?? ""),
        `bundle from ${sender.id}`,
      );
    }
    const plaintext = device.open(sealed, bundleAad(accountId, got.senderId, device.registeredId, got.epoch));
    device.bundle?.fill(0);
    device.bundle = plaintext;
    return plaintext;
  }

  /** `revoker` (trusted) revokes `deviceId`; returns the new epoch. */
  async revoke(accountId: string, revoker: Device, deviceId: string): Promise<number> {
    const challenge = await this.#challenge(accountId, revoker, "revoke");
    const signature = revoker.sign({
      kind: "revoke",
      nonce: challenge.nonce,
      accountId,
      epoch: challenge.epoch,
      revokerId: revoker.registeredId,
      deviceId,
    });
    const { epoch } = await this.#http.call<{ epoch: number }>(
      "POST",
      `/v1/sync/accounts/${accountId}/devices/${deviceId}/revoke`,
      { revokerId: revoker.registeredId, challengeId: challenge.id, signature: b64(signature) },
    );
    this.#seeEpoch(accountId, epoch, challenge.epoch + 1);
    return epoch;
  }

  /** An admin revocation (token with `sync:admin`); returns the new epoch. */
  async adminRevoke(accountId: string, deviceId: string): Promise<number> {
    return (await this.#http.call<{ epoch: number }>(
      "POST",
      `/v1/sync/accounts/${accountId}/devices/${deviceId}/revoke`,
      {},
    )).epoch;
  }

  /** Backs up `device.bundle` under a password (Argon2id; OWASP minimum parameters by default). */
  async backupWithPassword(
    accountId: string,
    device: Device,
    password: string,
    params: KdfParams = MIN_KDF,
  ): Promise<void> {
    const salt = this.#pq.randomBytes(SALT_BYTES);
    const k = passwordRecoveryKey(this.#pq, password, salt, params);
    try {
      await storeBackup(this.#pq, this.#http, accountId, device, k, { method: "password", salt, params });
    } finally {
      k.fill(0);
    }
  }

  /**
   * Backs up `device.bundle` under a random secret R split into `count` Shamir shares, any
   * `threshold` of which recover it. Returns the shares: hand them to the user or trustees;
   * they never reach the gateway.
   */
  async backupWithShares(accountId: string, device: Device, threshold = 3, count = 5): Promise<Uint8Array[]> {
    const r = this.#pq.randomBytes(RECOVERY_KEY_BYTES);
    try {
      const shares = this.#pq.shamirSplit(r, threshold, count);
      await storeBackup(this.#pq, this.#http, accountId, device, r, { method: "shares", threshold, shareCount: count });
      return shares;
    } finally {
      r.fill(0);
    }
  }

  /**
   * Recovers the bundle onto `device` (registered, verified) with the password. The Argon2id
   * salt and parameters come only from the signed backup statement (its uploader's chain
   * verified, the parameters at least {@link MIN_KDF}); the challenge's copy is ignored.
   *
   * @throws {ChainError} for a missing, unsigned, stale or weak backup statement.
   */
  async recoverWithPassword(accountId: string, device: Device, password: string): Promise<Uint8Array> {
    const { statement, kdf } = await this.#backupToRecover(accountId, "password");
    if (kdf.method !== "password") throw new ChainError("the password backup statement has no Argon2id parameters");
    const challenge = await this.#recoveryChallenge(accountId, "password", device);
    const k = passwordRecoveryKey(this.#pq, password, kdf.salt, kdf.params);
    try {
      return await recoverBundle(this.#pq, this.#http, accountId, device, "password", k, challenge, statement);
    } finally {
      k.fill(0);
    }
  }

  async #backupToRecover(accountId: string, method: RecoveryMethod) {
    return verifiedBackup(this.#pq, await this.account(accountId), method);
  }

  async #recoveryChallenge(accountId: string, method: RecoveryMethod, device: Device): Promise<Challenge> {
    const floor = this.#floor(accountId);
    const challenge = await recoveryChallenge(this.#http, accountId, method, device.registeredId);
    this.#seeEpoch(accountId, challenge.epoch, floor);
    return challenge;
  }

  /**
   * Recovers the bundle onto `device` from Shamir shares. Fewer than the threshold or a
   * corrupted share fail here (PqError `SHARES_INSUFFICIENT` / `SHARE_CORRUPT`) before any
   * request; the backup statement is checked as for the password.
   */
  async recoverWithShares(accountId: string, device: Device, shares: readonly Uint8Array[]): Promise<Uint8Array> {
    const r = this.#pq.shamirCombine(shares);
    try {
      const { statement } = await this.#backupToRecover(accountId, "shares");
      const challenge = await this.#recoveryChallenge(accountId, "shares", device);
      return await recoverBundle(this.#pq, this.#http, accountId, device, "shares", r, challenge, statement);
    } finally {
      r.fill(0);
    }
  }
}
