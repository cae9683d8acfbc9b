/**
 * What must hold after every restart: each acknowledged key version is present with the public
 * key it was acknowledged with and signs and verifies; every key has versions 1..latest with no
 * gap; each acknowledged device is trusted with a verifying approval chain, every trusted device
 * too, and the account epoch is unchanged (the workload never revokes).
 *
 * @module
 */

import type { Pqgate } from "../../ffi/mod.ts";
import { SyncClient, verifiedDevice } from "../../client/sync/mod.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import assert from "../support/assert.ts";
import type { Ledger } from "./ledger.ts";
import { call } from "./workload.ts";

interface KeyJson {
  name: string;
  latestVersion: number;
  versions: { version: number; publicKey: string }[];
}

/** Every key the gateway lists (without versions), all pages. */
async function listKeys(gateway: { url: string; token: string }): Promise<{ name: string; latestVersion: number }[]> {
  const keys: { name: string; latestVersion: number }[] = [];
  for (let after: string | null = ""; after !== null;) {
    const res = await call(gateway, "GET", `/v1/keys?limit=100${after ? `&after=${after}` : ""}`);
    assert.equal(res.status, 200, await res.clone().text());
    const page = await res.json() as { keys: { name: string; latestVersion: number }[]; next: string | null };
    keys.push(...page.keys);
    after = page.next;
  }
  return keys;
}

/** Signs at `version` and verifies the signature: the version's private key is usable. */
async function signsAt(gateway: { url: string; token: string }, name: string, version: number): Promise<void> {
  const message = toBase64Url(new TextEncoder().encode(`${name} v${version} after a crash`));
  const signed = await call(gateway, "POST", `/v1/keys/${name}/sign`, { message, version });
  assert.equal(signed.status, 200, `${name} v${version} signs: ${await signed.clone().text()}`);
  const { signature } = await signed.json();
  const verified = await call(gateway, "POST", `/v1/keys/${name}/verify`, { message, signature, version });
  assert.deepEqual(await verified.json(), { valid: true, version }, `${name} v${version} verifies`);
}

/**
 * Checks the gateway against the ledger. Keys whose latest version differs from `seen` (the
 * previous check's snapshot, updated here) are read whole and sign at every version; keys no
 * write touched since are only required to be listed, so later rounds stay cheap. An empty
 * `seen` (the final check) checks everything.
 */
export async function checkGateway(
  gateway: { pq: Pqgate; url: string; token: string; accountId: string },
  ledger: Ledger,
  seen: Map<string, number>,
): Promise<void> {
  const listed = new Map((await listKeys(gateway)).map((k) => [k.name, k.latestVersion]));
  for (const name of ledger.keys.keys()) assert.ok(listed.has(name), `acknowledged key ${name} is present`);
  for (const [name, latestVersion] of listed) {
    assert.ok(latestVersion >= 1, `${name} has a current version`);
    if (seen.get(name) === latestVersion) continue;
    const res = await call(gateway, "GET", `/v1/keys/${name}`);
    assert.equal(res.status, 200, await res.clone().text());
    const key = await res.json() as KeyJson;
    for (const [version, publicKey] of ledger.keys.get(name)?.versions ?? []) {
      const found: { publicKey: string } | undefined = key.versions.find((v) => v.version === version);
      assert.equal(found?.publicKey, publicKey, `${name} v${version} has its acknowledged public key`);
    }
    const numbers = key.versions.map((v) => v.version).sort((a, b) => a - b);
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1), `${name} versions are contiguous from 1`);
    assert.equal(numbers.at(-1), key.latestVersion, `${name} latestVersion is its last version`);
    for (const version of numbers) await signsAt(gateway, name, version);
    seen.set(name, latestVersion);
  }
  const account = await new SyncClient(gateway.pq, gateway.url, gateway.token).account(gateway.accountId);
  assert.equal(account.epoch, 1, "no revocation happened, so the epoch is the first");
  for (const id of ledger.trustedDevices) verifiedDevice(gateway.pq, account, id);
  for (const device of account.devices) {
    if (device.status === "trusted") verifiedDevice(gateway.pq, account, device.id);
  }
}
