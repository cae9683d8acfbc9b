/**
 * A minimal device client written only from docs/sync-protocol.md and its vectors, on
 * `protocol.ts` (noble): HTTP with `fetch`, no import of `client/`, `src/` or `ffi/`. It
 * registers, proves possession, approves, checks the chain of trust (§9), seals and opens
 * bundles, revokes, and backs up and recovers by password and by Shamir shares.
 *
 * @module
 */

import { sha256 } from "@noble/hashes/sha2.js";
import * as p from "./protocol.ts";

const b64 = (b: Uint8Array): string =>
  btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64 = (s: string): Uint8Array =>
  Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

/** A refusal: the HTTP status and the problem type's short name. */
export class Refused extends Error {
  constructor(readonly status: number, readonly kind: string) {
    super(`${status} ${kind}`);
  }
}

/** JSON over HTTP with a bearer token. */
export class Http {
  constructor(
    readonly base: string,
    readonly token: string,
    readonly send: (url: string, init: RequestInit) => Promise<Response> = fetch,
  ) {}

  // deno-lint-ignore no-explicit-any
  async call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.send(`${this.base}/v1/sync/accounts${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      const type = String(JSON.parse(text).type ?? "");
      throw new Refused(res.status, type.replace("urn:pqgate:problem:", ""));
    }
    return text === "" ? undefined : JSON.parse(text);
  }
}

/** A device: seeds on the device, public keys and the id the gateway gave. */
export class IndependentDevice {
  readonly key: p.HybridKey;
  readonly kemSeed: Uint8Array;
  readonly kemPublicKey: Uint8Array;
  id = "";

  constructor(readonly name: string, readonly scheme: p.Scheme = 2) {
    this.key = p.hybridKey(random(32), random(32), scheme);
    this.kemSeed = random(32);
    this.kemPublicKey = p.xwingPublicKey(this.kemSeed);
  }

  get fingerprint(): string {
    return p.fingerprint(this.key.publicKey, this.kemPublicKey, this.scheme);
  }

  sign(s: p.Statement): string {
    return b64(p.hybridSign(this.key, p.message(s), p.context(s.kind)));
  }

  get own(): { spk: Uint8Array; kpk: Uint8Array; scheme: p.Scheme } {
    return { spk: this.key.publicKey, kpk: this.kemPublicKey, scheme: this.scheme };
  }
}

// deno-lint-ignore no-explicit-any
type Json = any;

/** §9: whether `id` is trusted by a verified chain in the listing `account`. */
export function chainVerifies(account: Json, id: string, seen: Set<string> = new Set()): boolean {
  const d = account.devices.find((x: Json) => x.id === id);
  if (d === undefined || d.status !== "trusted" || seen.has(id) || d.approval === null) return false;
  const [spk, kpk, scheme] = [unb64(d.signingPublicKey), unb64(d.kemPublicKey), d.signatureScheme as p.Scheme];
  if (p.fingerprint(spk, kpk, scheme) !== d.fingerprint) return false;
  const a = d.approval;
  const nonce = unb64(a.nonce);
  const next = new Set([...seen, id]);
  const ok = (signer: Json, s: p.Statement, sig: string) =>
    p.hybridVerify(signer.scheme, signer.pk, p.message(s), unb64(sig), p.context(s.kind));
  const own = { spk, kpk, scheme };
  if (a.approverId === "bootstrap") {
    return ok(
      { pk: spk, scheme },
      { kind: "possession", nonce, accountId: account.id, deviceId: id, ...own },
      a.signature,
    );
  }
  if (String(a.approverId).startsWith("recovery:")) {
    const method = a.approverId.slice("recovery:".length);
    const b = a.backup;
    if (b === null || b.method !== method || b.epoch !== a.epoch) return false;
    const uploader = account.devices.find((x: Json) => x.id === b.uploaderId);
    if (uploader === undefined || !chainVerifies(account, uploader.id, next)) return false;
    if (uploader.revokedEpoch !== null && !(b.epoch < uploader.revokedEpoch)) return false;
    const kdf = unb64(b.kdf);
    if (method === "password" && !passwordKdfWithinBounds(kdf)) return false;
    const signedBackup = backupMessage({
      nonce: unb64(b.nonce),
      accountId: account.id,
      epoch: b.epoch,
      uploaderId: uploader.id,
      method,
      verifierPublicKey: unb64(b.verifierPublicKey),
      kdf,
      scheme: b.verifierScheme,
    }, unb64(b.blobDigest));
    const uploaderKey = { pk: unb64(uploader.signingPublicKey), scheme: uploader.signatureScheme };
    if (!p.hybridVerify(uploaderKey.scheme, uploaderKey.pk, signedBackup, unb64(b.signature), p.context("backup"))) {
      return false;
    }
    const verifier = { pk: unb64(b.verifierPublicKey), scheme: b.verifierScheme };
    return ok(verifier, { kind: "recover", nonce, accountId: account.id, method, deviceId: id, ...own }, a.signature);
  }
  const approver = account.devices.find((x: Json) => x.id === a.approverId);
  if (approver === undefined || !chainVerifies(account, approver.id, next)) return false;
  if (approver.revokedEpoch !== null && !(a.epoch < approver.revokedEpoch)) return false;
  const approverKey = { pk: unb64(approver.signingPublicKey), scheme: approver.signatureScheme };
  return ok(approverKey, {
    kind: "approve",
    nonce,
    accountId: account.id,
    epoch: a.epoch,
    approverId: approver.id,
    deviceId: id,
    ...own,
  }, a.signature);
}

/** §5 `backup` over a blob known only by its SHA-256 (as listed). */
function backupMessage(
  s: Omit<Extract<p.Statement, { kind: "backup" }>, "kind" | "blob">,
  blobDigest: Uint8Array,
): Uint8Array {
  const scheme = s.scheme === 1 ? [] : [Uint8Array.of(2)];
  return p.enc(
    s.nonce,
    s.accountId,
    p.u64be(s.epoch),
    s.uploaderId,
    s.method,
    blobDigest,
    s.verifierPublicKey,
    s.kdf,
    ...scheme,
  );
}

/** §6.2 bounds, read from the signed `kdf` encoding. */
function passwordKdfWithinBounds(kdf: Uint8Array): boolean {
  const f = fields(kdf);
  if (f.length !== 5 || new TextDecoder().decode(f[0]) !== "argon2id") return false;
  const [m, t, par] = f.slice(2).map((x) => new DataView(x.buffer, x.byteOffset, 4).getUint32(0));
  return m! >= 19456 && m! <= 1 << 20 && t! >= 2 && t! <= 16 && par! >= 1 && par! <= 4;
}

/** The fields of §1 `enc(…)`. */
export function fields(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at + 4 <= b.length;) {
    const n = new DataView(b.buffer, b.byteOffset + at, 4).getUint32(0);
    out.push(b.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

/** The device-side flows of §10. */
export class IndependentClient {
  constructor(readonly http: Http) {}

  account(accountId: string): Promise<Json> {
    return this.http.call("GET", `/${accountId}`);
  }

  async challenge(
    accountId: string,
    device: IndependentDevice,
    purpose: string,
  ): Promise<{ id: string; nonce: Uint8Array; epoch: number }> {
    const c = await this.http.call("POST", `/${accountId}/devices/${device.id}/challenges`, { purpose });
    return { id: c.id as string, nonce: unb64(c.nonce), epoch: c.epoch as number };
  }

  /** Registers and proves possession; the answer's status. */
  async register(accountId: string, d: IndependentDevice, bootstrapToken?: string): Promise<string> {
    const r = await this.http.call("POST", `/${accountId}/devices`, {
      name: d.name,
      signingPublicKey: b64(d.key.publicKey),
      kemPublicKey: b64(d.kemPublicKey),
      signatureScheme: d.scheme,
    });
    if (r.fingerprint !== d.fingerprint) throw new Error("the gateway's fingerprint differs from §4");
    d.id = r.id;
    const nonce = unb64(r.challenge.nonce);
    const signature = d.sign({ kind: "possession", nonce, accountId, deviceId: d.id, ...d.own });
    const body = { challengeId: r.challenge.id, signature, ...(bootstrapToken ? { bootstrapToken } : {}) };
    return (await this.http.call("POST", `/${accountId}/devices/${d.id}/possession`, body)).status;
  }

  /** `approver` approves the listed device `id` after comparing `fingerprint` (§9 step 4). */
  async approve(accountId: string, approver: IndependentDevice, id: string, fingerprint: string): Promise<string> {
    const listed = (await this.account(accountId)).devices.find((x: Json) => x.id === id);
    const [spk, kpk, scheme] = [unb64(listed.signingPublicKey), unb64(listed.kemPublicKey), listed.signatureScheme];
    if (p.fingerprint(spk, kpk, scheme) !== fingerprint) throw new Error("fingerprint mismatch");
    const c = await this.challenge(accountId, approver, "approve");
    const signature = approver.sign({
      kind: "approve",
      nonce: c.nonce,
      accountId,
      epoch: c.epoch,
      approverId: approver.id,
      deviceId: id,
      spk,
      kpk,
      scheme,
    });
    const body = { approverId: approver.id, challengeId: c.id, signature };
    return (await this.http.call("POST", `/${accountId}/devices/${id}/approval`, body)).status;
  }

  /** Seals `bundle` to a recipient whose chain verifies, and uploads it (§6.1, §10). */
  async send(accountId: string, sender: IndependentDevice, recipientId: string, bundle: Uint8Array): Promise<void> {
    const account = await this.account(accountId);
    if (!chainVerifies(account, recipientId)) throw new Error("the recipient's chain does not verify");
    const recipient = account.devices.find((x: Json) => x.id === recipientId);
    const c = await this.challenge(accountId, sender, "bundle");
    const sealed = p.seal(
      unb64(recipient.kemPublicKey),
      p.bundleAad(accountId, sender.id, recipientId, c.epoch),
      bundle,
    );
    const signature = sender.sign({
      kind: "bundle",
      nonce: c.nonce,
      accountId,
      epoch: c.epoch,
      senderId: sender.id,
      recipientId,
      sealed,
    });
    await this.http.call("POST", `/${accountId}/bundles`, {
      senderId: sender.id,
      recipientId,
      epoch: c.epoch,
      sealed: b64(sealed),
      challengeId: c.id,
      signature,
    });
  }

  /** Fetches, checks the sender's chain and signature (§9 step 3), opens. */
  async fetch(accountId: string, d: IndependentDevice): Promise<Uint8Array> {
    const c = await this.challenge(accountId, d, "fetch");
    const signature = d.sign({ kind: "fetch", nonce: c.nonce, accountId, epoch: c.epoch, deviceId: d.id });
    const r = await this.http.call("POST", `/${accountId}/devices/${d.id}/bundle`, { challengeId: c.id, signature });
    const sealed = unb64(r.sealed);
    const account = await this.account(accountId);
    if (!chainVerifies(account, r.senderId)) throw new Error("the sender's chain does not verify");
    const sender = account.devices.find((x: Json) => x.id === r.senderId);
    const statement: p.Statement = {
      kind: "bundle",
      nonce: unb64(r.nonce),
      accountId,
      epoch: r.epoch,
      senderId: r.senderId,
      recipientId: d.id,
      sealed,
    };
    const valid = p.hybridVerify(
      sender.signatureScheme,
      unb64(sender.signingPublicKey),
      p.message(statement),
      unb64(r.signature),
      p.context("bundle"),
    );
    if (!valid) throw new Error("the bundle signature does not verify");
    return p.open(d.kemSeed, p.bundleAad(accountId, r.senderId, d.id, r.epoch), sealed);
  }

  async revoke(accountId: string, revoker: IndependentDevice, id: string): Promise<number> {
    const c = await this.challenge(accountId, revoker, "revoke");
    const signature = revoker.sign({
      kind: "revoke",
      nonce: c.nonce,
      accountId,
      epoch: c.epoch,
      revokerId: revoker.id,
      deviceId: id,
    });
    const body = { revokerId: revoker.id, challengeId: c.id, signature };
    return (await this.http.call("POST", `/${accountId}/devices/${id}/revoke`, body)).epoch;
  }

  /** Stores a backup of `bundle` under K (§6.2, §6.3). */
  async backup(
    accountId: string,
    d: IndependentDevice,
    method: "password" | "shares",
    k: Uint8Array,
    kdf: Uint8Array,
    extra: Record<string, unknown>,
    bundle: Uint8Array,
  ): Promise<void> {
    const keys = p.recoveryKeys(k, accountId, 2);
    const c = await this.challenge(accountId, d, "backup");
    const blob = p.backupBlob(keys.backupKey, accountId, method, c.epoch, random(12), bundle);
    const signature = d.sign({
      kind: "backup",
      nonce: c.nonce,
      accountId,
      epoch: c.epoch,
      uploaderId: d.id,
      method,
      blob,
      verifierPublicKey: keys.verifier.publicKey,
      kdf,
      scheme: 2,
    });
    await this.http.call("PUT", `/${accountId}/backups/${method}`, {
      deviceId: d.id,
      challengeId: c.id,
      signature,
      blob: b64(blob),
      verifierPublicKey: b64(keys.verifier.publicKey),
      verifierScheme: 2,
      ...extra,
    });
  }

  async backupWithPassword(
    accountId: string,
    d: IndependentDevice,
    password: string,
    bundle: Uint8Array,
  ): Promise<void> {
    const salt = random(16);
    const [m, t, par] = [19456, 2, 1];
    const kdf = p.passwordKdf(salt, m, t, par);
    const extra = { kdf: { salt: b64(salt), memoryKiB: m, iterations: t, parallelism: par } };
    await this.backup(accountId, d, "password", p.passwordK(password, salt, m, t, par), kdf, extra, bundle);
  }

  /** Splits a random R (§6.4) and backs up under it; the shares. */
  async backupWithShares(
    accountId: string,
    d: IndependentDevice,
    t: number,
    n: number,
    bundle: Uint8Array,
  ): Promise<Uint8Array[]> {
    const r = random(32);
    const rows = Array.from({ length: t - 1 }, () => random(48));
    const shares = p.shamirSplit(r, t, n, random(16), rows);
    await this.backup(accountId, d, "shares", r, p.sharesKdf(t, n), { threshold: t, shareCount: n }, bundle);
    return shares;
  }

  /** Recovers onto the verified `d` (§9 step 5: parameters from the verified statement only). */
  async recover(
    accountId: string,
    d: IndependentDevice,
    method: "password" | "shares",
    secret: string | Uint8Array[],
  ): Promise<Uint8Array> {
    const account = await this.account(accountId);
    const b = account.backups.find((x: Json) => x.method === method)?.statement;
    if (b === undefined || b === null || b.epoch !== account.epoch) throw new Error("no current backup statement");
    if (!chainVerifies(account, b.uploaderId)) throw new Error("the uploader's chain does not verify");
    let k: Uint8Array;
    if (method === "password") {
      const kdf = unb64(b.kdf);
      if (!passwordKdfWithinBounds(kdf)) throw new Error("weak parameters");
      const [, salt, ...params] = fields(kdf);
      const [m, t, par] = params.map((x) => new DataView(x.buffer, x.byteOffset, 4).getUint32(0));
      k = p.passwordK(secret as string, salt!, m!, t!, par!);
    } else {
      k = p.shamirCombine(secret as Uint8Array[]);
    }
    const keys = p.recoveryKeys(k, accountId, b.verifierScheme);
    const c = await this.http.call("POST", `/${accountId}/recovery/challenges`, { method, deviceId: d.id });
    const signature = b64(p.hybridSign(
      keys.verifier,
      p.message({ kind: "recover", nonce: unb64(c.nonce), accountId, method, deviceId: d.id, ...d.own }),
      p.context("recover"),
    ));
    const r = await this.http.call("POST", `/${accountId}/recovery`, {
      method,
      challengeId: c.id,
      deviceId: d.id,
      signature,
    });
    const blob = unb64(r.blob);
    if (p.hex(sha256(blob)) !== p.hex(unb64(b.blobDigest))) throw new Error("not the signed blob");
    return p.openBackupBlob(keys.backupKey, accountId, blob);
  }
}
