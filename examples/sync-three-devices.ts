// Multi-device key sync end to end, with the device client library (client/sync): three
// devices linked by an approval chain, the account bundle synced, one device revoked and the
// bundle re-sealed for the new epoch, a 3-of-5 Shamir backup, and a new device recovered
// from exactly three shares.
//
//   node_modules/.bin/deno task example:sync      (or: node_modules/.bin/bun run example:sync)
//     starts a gateway on a free loopback port with a temporary data folder, runs, stops it.
//   deno run -A examples/sync-three-devices.ts http://127.0.0.1:8080 "$TOKEN"
//     runs against a gateway you started (the token needs sync:admin and sync:device).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { loadPqgate } from "../ffi/mod.ts";
import { Device, SyncClient, SyncHttpError } from "../client/sync/mod.ts";
import { startServer } from "../scripts/dev/local-gateway.ts";

const pq = loadPqgate();
const hex = (bytes: Uint8Array) => Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

async function run(url: string, token: string): Promise<void> {
  const sync = new SyncClient(pq, url, token);
  const account = await sync.createAccount("alice");
  console.log(`account ${account.id} (epoch ${account.epoch})`);

  using laptop = Device.generate(pq, "laptop");
  using phone = Device.generate(pq, "phone");
  using tablet = Device.generate(pq, "tablet");
  console.log(`laptop ${laptop.fingerprint}: ${await sync.register(account.id, laptop, account.bootstrapToken)}`);
  console.log(`phone  ${phone.fingerprint}: ${await sync.register(account.id, phone)}`);
  // The user compares the phone's fingerprint on both screens; the laptop signs the approval.
  await sync.approve(account.id, laptop, phone.registeredId, phone.fingerprint);
  console.log(`tablet ${tablet.fingerprint}: ${await sync.register(account.id, tablet)}`);
  await sync.approve(account.id, phone, tablet.registeredId, tablet.fingerprint);
  console.log("approval chain: laptop (bootstrap) -> phone -> tablet");

  laptop.bundle = pq.randomBytes(32); // the account bundle: here one 32-byte account key
  await sync.sendBundle(account.id, laptop, phone.registeredId, laptop.bundle);
  await sync.sendBundle(account.id, laptop, tablet.registeredId, laptop.bundle);
  const onPhone = await sync.fetchBundle(account.id, phone);
  const onTablet = await sync.fetchBundle(account.id, tablet);
  check(same(onPhone, laptop.bundle) && same(onTablet, laptop.bundle), "bundle synced to phone and tablet");
  console.log(`epoch 1 bundle ${hex(laptop.bundle)}… synced to phone and tablet`);

  const epoch = await sync.revoke(account.id, laptop, phone.registeredId);
  console.log(`phone revoked by the laptop: epoch ${epoch}`);
  try {
    await sync.fetchBundle(account.id, phone);
    check(false, "a revoked device must not fetch");
  } catch (error) {
    check(error instanceof SyncHttpError && error.status === 403, "the revoked phone is refused");
    console.log(`phone refused: ${(error as SyncHttpError).type}`);
  }
  laptop.bundle = pq.randomBytes(32); // a new account key the phone never sees
  await sync.sendBundle(account.id, laptop, tablet.registeredId, laptop.bundle);
  check(same(await sync.fetchBundle(account.id, tablet), laptop.bundle), "re-sealed for the new epoch");
  console.log(`epoch ${epoch} bundle ${hex(laptop.bundle)}… re-sealed for the tablet`);

  const shares = await sync.backupWithShares(account.id, laptop, 3, 5);
  console.log(
    `backup stored; 5 shares handed out (any 3 recover): ${
      shares.map((s) => `#${s[18]}:${hex(s.subarray(19))}`).join(" ")
    }…`,
  );
  using spare = Device.generate(pq, "spare");
  console.log(`spare  ${spare.fingerprint}: ${await sync.register(account.id, spare)}`);
  const recovered = await sync.recoverWithShares(account.id, spare, [shares[0], shares[2], shares[4]] as Uint8Array[]);
  check(same(recovered, laptop.bundle), "recovered from exactly three shares");
  const devices = (await sync.account(account.id)).devices;
  console.log(devices.map((d) => `${d.name}=${d.status}`).join(" "));
  console.log("recovered the bundle from 3 of 5 shares: done");
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`failed: ${what}`);
}

const [url, token] = process.argv.slice(2);
if (url !== undefined && token !== undefined) {
  await run(url, token);
} else {
  // One command: our own gateway on a free loopback port with a throwaway data folder.
  const dir = mkdtempSync(join(tmpdir(), "pqgate-sync-example-"));
  try {
    const tokenFile = join(dir, "initial-admin-token");
    await using server = await startServer({
      PQGATE_DB_DIR: join(dir, "db"),
      PQGATE_KEYSTORE_DIR: join(dir, "keystore"),
      PQGATE_INITIAL_TOKEN_OUT: tokenFile,
    });
    console.log(`gateway at ${server.url}`);
    await run(server.url, readFileSync(tokenFile, "utf8").trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
