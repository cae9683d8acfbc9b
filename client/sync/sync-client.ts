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
  GATEWAY_SENDER,
  type KdfParams,
  MIN_KDF,
  RECOVERY_KEY_BYTES,
  SALT_BYTES,
} from "../../src/common/sync.ts";
import { type AccountInfo, ChainError, check, parseAccount, verifiedDevice } from "./chain.ts";
import { passwordRecoveryKey } from "./backup.ts";
import { deviceChallenge, recoverBundle, recoveryChallenge, storeBackup } from "./requests.ts";
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

/** A sync client for one gateway and token. */
export class SyncClient {
  readonly #pq: Pqgate;
  readonly #http: GatewayHttp;

  /** `send` replaces the global `fetch` (e.g. an in-process app's `request`). */
  constructor(pq: Pqgate, baseUrl: string, token: string, send?: Fetch) {
    this.#pq = pq;
    this.#http = new GatewayHttp(baseUrl, token, send);
  }

  /** Creates an account (token with `sync:admin`). */
  async createAccount(name: string, options: { custodial?: boolean } = {}): Promise<CreatedAccount> {
    return await this.#http.call<CreatedAccount>("POST", "/v1/sync/accounts", { name, ...options });
  }

  /** The account with its devices. */
  async account(accountId: string): Promise<AccountInfo> {
    return parseAccount(await this.#http.call("GET", `/v1/sync/accounts/${accountId}`));
  }

  /**
   * Registers `device` and proves possession of its keys; with the bootstrap token the first
   * device becomes `trusted`, every later one `verified` (it then needs an approval).
   */
  async register(accountId: string, device: Device, bootstrapToken?: string): Promise<"trusted" | "verified"> {
    const base = `/v1/sync/accounts/${accountId}/devices`;
    const registered = await this.#http.call<
      { id: string; fingerprint: string; challenge: { id: string; nonce: string } }
    >(
      "POST",
      base,
      { name: device.name, signingPublicKey: b64(device.signingPublicKey), kemPublicKey: b64(device.kemPublicKey) },
    );
    if (registered.fingerprint !== device.fingerprint) throw new ChainError("the gateway reports another fingerprint");
    device.id = registered.id;
    const signature = device.sign({
      kind: "possession",
      nonce: unb64(registered.challenge.nonce),
      accountId,
      deviceId: registered.id,
      signingPublicKey: device.signingPublicKey,
      kemPublicKey: device.kemPublicKey,
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
   * compared out of band: a mismatch refuses before anything is signed.
   */
  async approve(accountId: string, approver: Device, deviceId: string, expectedFingerprint: string): Promise<void> {
    const target = (await this.account(accountId)).devices.find((d) => d.id === deviceId);
    if (target === undefined) throw new ChainError(`device ${deviceId} is not in the account`);
    if (target.fingerprint !== expectedFingerprint) throw new ChainError("fingerprint mismatch: not approving");
    const challenge = await deviceChallenge(this.#http, accountId, approver, "approve");
    const signature = approver.sign({
      kind: "approve",
      nonce: challenge.nonce,
      accountId,
      epoch: challenge.epoch,
      approverId: approver.registeredId,
      deviceId,
      signingPublicKey: target.signingPublicKey,
      kemPublicKey: target.kemPublicKey,
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
    const challenge = await deviceChallenge(this.#http, accountId, sender, "bundle");
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
    const challenge = await deviceChallenge(this.#http, accountId, device, "fetch");
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
    const account = await this.account(accountId);
    if (got.senderId === GATEWAY_SENDER) {
      if (!account.custodial) throw new ChainError("the gateway sealed a bundle for a non-custodial account");
    } else {
      const sender = verifiedDevice(this.#pq, account, got.senderId);
      check(
        this.#pq,
        sender.signingPublicKey,
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
    const challenge = await deviceChallenge(this.#http, accountId, revoker, "revoke");
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

  /** Recovers the bundle onto `device` (registered, verified) with the password. */
  async recoverWithPassword(accountId: string, device: Device, password: string): Promise<Uint8Array> {
    const challenge = await recoveryChallenge(this.#http, accountId, "password");
    if (challenge.kdf === null) throw new Error("the gateway sent no KDF parameters for a password backup");
    const { salt, ...params } = challenge.kdf;
    const k = passwordRecoveryKey(this.#pq, password, unb64(salt), params);
    try {
      return await recoverBundle(this.#pq, this.#http, accountId, device, "password", k, challenge);
    } finally {
      k.fill(0);
    }
  }

  /**
   * Recovers the bundle onto `device` from Shamir shares. Fewer than the threshold or a
   * corrupted share fail here (PqError `SHARES_INSUFFICIENT` / `SHARE_CORRUPT`) before any request.
   */
  async recoverWithShares(accountId: string, device: Device, shares: readonly Uint8Array[]): Promise<Uint8Array> {
    const r = this.#pq.shamirCombine(shares);
    try {
      return await recoverBundle(
        this.#pq,
        this.#http,
        accountId,
        device,
        "shares",
        r,
        await recoveryChallenge(this.#http, accountId, "shares"),
      );
    } finally {
      r.fill(0);
    }
  }
}
