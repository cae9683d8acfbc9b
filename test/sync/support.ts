/**
 * Sync tests' set-up: an in-process app (test/routes/support.ts) with an admin client and a
 * device client (`sync:device` token) that speak HTTP to it through `app.request`, devices
 * from seeds the test knows, and a controllable clock.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { loadPqgate, type Pqgate } from "../../ffi/mod.ts";
import {
  Device,
  type DeviceOptions,
  type DeviceSeeds,
  passwordRecoveryKey,
  SyncClient,
  SyncHttpError,
} from "../../client/sync/mod.ts";
import { type KdfParams, recoveryInfo } from "../../src/common/sync.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import type { Clock } from "../../src/common/clock.ts";
import assert from "../support/assert.ts";
import { type TestApp, testApp, type TestAppOptions } from "../routes/support.ts";

/** The binding every sync test uses. */
export const pq: Pqgate = loadPqgate();

/** A clock the test moves forward. */
export class TestClock implements Clock {
  #offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }
  advance(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }
}

/** An app with its sync clients. */
export interface SyncHarness extends AsyncDisposable {
  readonly t: TestApp;
  readonly clock: TestClock;
  /** Token with `sync:admin` only. */
  readonly admin: SyncClient;
  /** Token with `sync:device` only. */
  readonly client: SyncClient;
  readonly deviceToken: string;
  /** The id of `deviceToken` (the token the harness's devices are registered with). */
  readonly deviceTokenId: string;
  readonly adminToken: string;
  /** Every seed of every device made through {@link SyncHarness.device}. */
  readonly seeds: DeviceSeeds[];
  /**
   * A device from fresh random seeds (recorded in `seeds`), disposed with the harness; of the
   * shipped client's scheme (2) unless `options` says otherwise.
   */
  device(name: string, options?: DeviceOptions): Device;
}

/** Builds a harness. */
export async function syncHarness(options: TestAppOptions = {}): Promise<SyncHarness> {
  const clock = new TestClock();
  const t = await testApp({ syncClock: clock, ...options });
  const send = (url: string, init: RequestInit) => t.app.request(url, init);
  const token = async (name: string, scope: "sync:admin" | "sync:device") =>
    await t.tokens.create("", { name, scopes: [scope], keyPattern: "*" });
  const adminToken = (await token("sync-admin", "sync:admin")).secret;
  const { secret: deviceToken, id: deviceTokenId } = await token("sync-device", "sync:device");
  const devices: Device[] = [];
  const seeds: DeviceSeeds[] = [];
  return {
    t,
    clock,
    admin: new SyncClient(pq, "http://gateway", adminToken, send),
    client: new SyncClient(pq, "http://gateway", deviceToken, send),
    adminToken,
    deviceToken,
    deviceTokenId,
    seeds,
    device(name, options) {
      const s = { mlDsa: random(32), ed25519: random(32), xWing: random(32) };
      seeds.push(s);
      const device = Device.fromSeeds(pq, name, s, options);
      devices.push(device);
      return device;
    },
    [Symbol.asyncDispose]: async () => {
      for (const d of devices) d[Symbol.dispose]();
      await t[Symbol.asyncDispose]();
    },
  };
}

/** `n` random bytes. */
export function random(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Asserts `promise` rejects with a SyncHttpError of `status` and problem `type` (short name). */
export async function refused(promise: Promise<unknown>, status: number, type: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SyncHttpError, `expected a refusal, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.type, `urn:pqgate:problem:${type}`, error.message);
    return true;
  });
}

/** The registration body of `device`, declaring its scheme; `overrides` replace fields. */
export function registration(device: Device, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: device.name,
    signingPublicKey: toBase64Url(device.signingPublicKey),
    kemPublicKey: toBase64Url(device.kemPublicKey),
    signatureScheme: device.signatureScheme,
    ...overrides,
  };
}

/** A challenge as the raw API returns it, nonce decoded. */
export interface RawChallenge {
  readonly id: string;
  readonly nonce: Uint8Array;
  readonly epoch: number;
}

/** Raw calls as the device token, for tests that must send what the client never would. */
export function raw(h: SyncHarness): {
  post(path: string, body: unknown): Promise<Response>;
  challenge(accountId: string, device: Device, purpose: string): Promise<RawChallenge>;
} {
  const post = (path: string, body: unknown) => h.t.call("POST", `/v1/sync/accounts/${path}`, body, h.deviceToken);
  return {
    post,
    async challenge(accountId, device, purpose) {
      const res = await post(`${accountId}/devices/${device.registeredId}/challenges`, { purpose });
      assert.equal(res.status, 201, await res.clone().text());
      const c = await res.json();
      return { id: c.id, nonce: new Uint8Array(Buffer.from(c.nonce, "base64url")), epoch: c.epoch };
    },
  };
}

/**
 * The secrets recovery rests on: R (combined from `shares`, at least the threshold), K (Argon2id
 * of `password` with the backup's salt and cost), and the keys each derives. None may reach the
 * gateway.
 */
export function recoveryMaterial(
  accountId: string,
  shares: readonly Uint8Array[],
  password: string,
  kdf: { readonly salt: Uint8Array; readonly params: KdfParams },
): Record<string, Uint8Array> {
  const material: Record<string, Uint8Array> = {
    R: pq.shamirCombine(shares),
    K: passwordRecoveryKey(pq, password, kdf.salt, kdf.params),
  };
  for (const [name, k] of Object.entries({ ...material })) {
    for (const what of ["backup-key", "recovery-ml-dsa", "recovery-ed25519"] as const) {
      material[`${name}:${what}`] = pq.hkdf("SHA-256", k, new Uint8Array(0), recoveryInfo(what, accountId), 32);
    }
  }
  return material;
}
