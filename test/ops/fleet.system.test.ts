// The TPM fleet (docs/FLEET.md): three gateway processes, each with its own swtpm, on one
// PostgreSQL. Node 1 founds the fleet; a node that never joined answers with a problem, not a
// crash; nodes 2 and 3 join with one-time tokens (a reused token is refused) and are approved
// (node 3 while its server runs, which then serves without a restart);
// a key made through node 1 signs through nodes 2 and 3. Node 3 is revoked, the revocation's
// fleet-KEK rotation is killed after the new KEK is distributed, `root-key finish` completes
// it, and afterwards node 3 opens nothing new while nodes 1 and 2 keep working, also through
// a further rotation by HTTP.
//
// Membership is authenticated (a MAC only members can compute): approval needs the transfer
// key's SHA-256 the joining node printed; a node inserted by a database writer, a member whose
// transfer key a writer replaced, and a revoked node whose row a writer restored receive no KEK.
// Transfers are authenticated too: a KEK of a writer's own, HPKE-encrypted (@hpke) to a running
// member's public transfer key, is refused by that node and never becomes its root.
//
// swtpm serves one client at a time, so a node's CLI runs while that node's server is stopped
// (a kernel resource manager, /dev/tpmrm0, has no such limit).

import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { XWing } from "@hpke/hybridkem-x-wing";
import { Buffer } from "node:buffer";
import { eq } from "drizzle-orm";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { Swtpm } from "../support/devices.ts";
import { Postgres } from "../support/postgres.ts";
import { tempDir } from "../support/pq.ts";
import { runtimeCommand, type ServerProcess, startServer } from "../support/runtime.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import { openDatabase } from "../../src/db/client.ts";
import { fleetKeks, fleetNodeKeks, fleetNodes, keys, keyVersions } from "../../src/db/schema/index.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { cli, jsonLines } from "../cli/support.ts";
import { caller, json, secretFile } from "./support.ts";

const SLOW = { timeoutMs: 420_000 };
const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const pq = loadPqgate();
const message = toBase64Url(new TextEncoder().encode("signed by any node of the fleet"));

/** A real X-Wing public key whose private key is the caller's (a database writer's). */
function attackerTransferKey(): Uint8Array {
  using key = pq.generateKey("X-Wing");
  return key.publicKey();
}

/**
 * What a database writer can make without any fleet KEK: a KEK of their own (next sequence) as
 * the Rust transfer record `"PQFK" ‖ 1 ‖ id ‖ sequence ‖ KEK`, HPKE-sealed with @hpke to a node's
 * public transfer key with the `info` the fleet uses (rust/core/src/keystore/fleet.rs).
 */
async function forgedTransfer(
  node: string,
  transferPublicKey: Uint8Array,
  sequence: number,
  id: Uint8Array = new Uint8Array(randomBytes(16)),
): Promise<{ id: Uint8Array; ciphertext: Uint8Array }> {
  const sequenceBytes = new Uint8Array(4);
  new DataView(sequenceBytes.buffer).setUint32(0, sequence);
  const record = Buffer.concat([Buffer.from("PQFK"), Buffer.from([1]), id, sequenceBytes, randomBytes(32)]);
  const context = `pqgate-fleet/v1|node=${node}|kek=${Buffer.from(id).toString("hex")}`;
  const info = Buffer.concat([Buffer.from("pqgate/fleet/kek-transfer/v1\0"), Buffer.from(context)]);
  const suite = new CipherSuite({ kem: new XWing(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
  const recipientPublicKey = await suite.kem.deserializePublicKey(transferPublicKey);
  const { enc, ct } = await suite.seal({ recipientPublicKey, info: new Uint8Array(info) }, new Uint8Array(record));
  return { id, ciphertext: new Uint8Array(Buffer.concat([new Uint8Array(enc), new Uint8Array(ct)])) };
}

/** Retries `check` until it holds (fleet nodes pick up new KEKs every 2 s). */
async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

/**
 * Stops a server cleanly (SIGTERM): it closes its keystore, which flushes what it loaded in the
 * TPM. A SIGKILLed process would leave its SRK in one of swtpm's three transient slots (no
 * resource manager here), and the next client would run out of them.
 */
async function stop(server: ServerProcess): Promise<void> {
  server.signal("SIGTERM");
  assert.equal(await server.exited(), 0, server.output());
}

/** Runs the CLI with `args` and SIGKILLs it as soon as its stderr contains `marker`. */
function cliKilledAt(args: string[], env: Record<string, string>, marker: string): Promise<string> {
  const [command, prefix] = runtimeCommand(MAIN);
  const child = spawn(command, [...prefix, ...args], { env: { ...process.env, ...env }, stdio: "pipe" });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
      if (stderr.includes(marker)) child.kill("SIGKILL");
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(stderr);
      else reject(new Error(`the CLI ended by itself (${code}) before it was killed:\n${stderr}`));
    });
  });
}

test("three TPM nodes serve one key set; revocation rotates the fleet KEK, resumably", async () => {
  await using pg = await Postgres.start();
  await using tpm1 = await Swtpm.start();
  await using tpm2 = await Swtpm.start();
  await using tpm3 = await Swtpm.start();
  await using tpm4 = await Swtpm.start();
  using dir = tempDir();
  const admin = `pqg_${toBase64Url(new Uint8Array(randomBytes(32)))}`;
  const url = await pg.createDatabase();
  const base = {
    DATABASE_URL: url,
    PQGATE_KEYSTORE: "tpm-fleet",
    PQGATE_ADMIN_TOKEN_FILE: secretFile(dir.path, "admin-token", admin),
    PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "unused-initial-token"),
    TSS2_LOG: "all+none",
  };
  const nodeEnv = (tpm: Swtpm, name: string): Record<string, string> => ({
    ...base,
    PQGATE_TPM_TCTI: tpm.tcti,
    PQGATE_FLEET_NODE: name,
  });
  const [env1, env2, env3] = [nodeEnv(tpm1, "node-1"), nodeEnv(tpm2, "node-2"), nodeEnv(tpm3, "node-3")];
  const fleet = (env: Record<string, string>, ...args: string[]) => cli(["fleet", ...args], env);

  // Node 1 founds the fleet at its first start; keys are wrapped under fleet KEK 1.
  let server1: ServerProcess = await startServer(env1);
  let n1 = caller(server1, admin);
  assert.match(server1.output(), /fleet founded by node node-1/);
  await json(n1("POST", "/v1/keys", { name: "shared", algorithm: "ML-DSA-65" }), 201);
  await json(n1("POST", "/v1/keys", { name: "second", algorithm: "Ed25519" }), 201);
  assert.equal((await json(n1("GET", "/readyz"))).status, "ready");

  // Node 3 has not joined: it starts, says why in its log, and refuses key use with a problem.
  {
    await using server3 = await startServer(env3);
    const n3 = caller(server3, admin);
    const refused = await n3("POST", "/v1/keys/shared/sign", { message });
    assert.equal(refused.status, 503, await refused.clone().text());
    assert.match(refused.headers.get("content-type") ?? "", /application\/problem\+json/);
    assert.equal((await n3("GET", "/readyz")).status, 503);
    assert.match(server3.output(), /node node-3 has not joined the fleet/);
    server3.signal("SIGTERM");
    assert.equal(await server3.exited(), 0, "the node that never joined was running, not crashed");
  }

  // Join tokens are issued on node 1 (its server stopped: swtpm takes one client at a time).
  await stop(server1);
  const issue = () => {
    const run = fleet(env1, "join-token");
    assert.equal(run.status, 0, run.stderr);
    return jsonLines(run)[0]?.token as string;
  };
  const [token2, token3] = [issue(), issue()];
  const joined2 = fleet(env2, "join", "--token", token2);
  assert.equal(joined2.status, 0, joined2.stderr);
  assert.equal(jsonLines(joined2)[0]?.status, "pending");
  const reused = fleet(env3, "join", "--token", token2);
  assert.equal(reused.status, 1, reused.stderr);
  assert.match(reused.stderr, /unknown, already used or expired/);
  const joined3 = fleet(env3, "join", "--token", token3);
  assert.equal(joined3.status, 0, joined3.stderr);
  // Not yet approved: node 3 may not issue tokens, and an unknown node cannot be approved.
  const early = fleet(env3, "join-token");
  assert.equal(early.status, 1, early.stderr);
  assert.match(early.stderr, /awaits approval/);
  const unknown = fleet(env1, "approve", "node-9", "--transfer-key-sha256", "00".repeat(32));
  assert.equal(unknown.status, 1, unknown.stderr);
  assert.match(unknown.stderr, /no node named node-9/);
  // Node 3 runs while it awaits approval: refused, then serving once approved (no restart).
  await using server3 = await startServer(env3);
  const n3 = caller(server3, admin);
  assert.match(server3.output(), /node node-3 awaits approval/);
  assert.equal((await n3("POST", "/v1/keys/shared/sign", { message })).status, 503);
  const hashes: Record<string, string> = {
    "node-2": jsonLines(joined2)[0]?.transferKeySha256 as string,
    "node-3": jsonLines(joined3)[0]?.transferKeySha256 as string,
  };
  // Approval needs the transfer key's SHA-256 the joining node printed: without it, a usage
  // error; with another one (e.g. a key a database writer swapped in), refused, nothing written.
  const bare = fleet(env1, "approve", "node-2");
  assert.equal(bare.status, 64, bare.stderr);
  assert.match(bare.stderr, /--transfer-key-sha256/);
  const wrong = fleet(env1, "approve", "node-2", "--transfer-key-sha256", "ab".repeat(32));
  assert.equal(wrong.status, 1, wrong.stderr);
  assert.match(wrong.stderr, /transfer key has SHA-256 [0-9a-f]{64}, not the (ab){32} given.*nothing was approved/);
  {
    const check = await openDatabase({ url });
    try {
      const [row] = await check.db.select().from(fleetNodes).where(eq(fleetNodes.name, "node-2"));
      assert.deepEqual([row?.status, row?.memberMac, row?.memberSequence], ["pending", null, null]);
      const copies = await check.db.select().from(fleetNodeKeks).where(eq(fleetNodeKeks.node, "node-2"));
      assert.equal(copies.length, 0, "a refused approval writes no copy");
    } finally {
      await check.close();
    }
  }
  for (const node of ["node-2", "node-3"]) {
    const approved = fleet(env1, "approve", node, "--transfer-key-sha256", hashes[node] as string);
    assert.equal(approved.status, 0, approved.stderr);
    assert.equal(jsonLines(approved)[0]?.keks, 1);
  }
  await eventually("node 3 serves once approved", async () => (await n3("GET", "/readyz")).status === 200);

  // All three serve the same keys: made through node 1, signed through nodes 2 and 3.
  server1 = await startServer(env1);
  n1 = caller(server1, admin);
  await using server2 = await startServer(env2);
  const n2 = caller(server2, admin);
  for (const [node, call] of [["node-2", n2], ["node-3", n3]] as const) {
    assert.match((node === "node-2" ? server2 : server3).output(), new RegExp(`fleet node ${node} active`));
    const signed = await json(call("POST", "/v1/keys/shared/sign", { message }));
    const verdict = await json(n1("POST", "/v1/keys/shared/verify", { message, signature: signed.signature }));
    assert.deepEqual(verdict, { valid: true, version: 1 });
  }
  // Node 3 imported its KEK and keeps it only sealed by its own TPM.
  let member3: typeof fleetNodes.$inferSelect | undefined; // node 3's row before its revocation
  const database = await openDatabase({ url });
  try {
    const copies = await database.db.select().from(fleetNodeKeks);
    assert.equal(copies.length, 3);
    for (const copy of copies) {
      assert.ok(copy.sealed !== null && copy.transferCiphertext === null, `${copy.node} imported and sealed`);
    }

    // A database writer injects KEK 2 of their own, HPKE-encrypted to node 2's public transfer
    // key (with a made-up transfer MAC: a writer cannot compute one): the running node 2 refuses
    // it by id and never makes it a root, so a key made through node 2 is still sealed under
    // KEK 1 and opens on node 1.
    const [row2] = await database.db.select().from(fleetNodes).where(eq(fleetNodes.name, "node-2"));
    assert.ok(row2 !== undefined);
    const forged = await forgedTransfer("node-2", row2.transferPublicKey, 2);
    const forgedHex = Buffer.from(forged.id).toString("hex");
    await database.db.insert(fleetKeks).values({ id: forged.id, sequence: 2 });
    await database.db.insert(fleetNodeKeks).values({
      node: "node-2",
      kekId: forged.id,
      transferCiphertext: forged.ciphertext,
      transferMac: new Uint8Array(randomBytes(32)),
    });
    await new Promise((r) => setTimeout(r, 4500)); // two of node 2's syncs
    await json(n2("POST", "/v1/keys", { name: "made-on-2", algorithm: "ML-DSA-65" }), 201);
    const [made] = await database.db.select().from(keys).where(eq(keys.name, "made-on-2"));
    const [version] = await database.db.select().from(keyVersions).where(eq(keyVersions.keyId, made?.id ?? ""));
    assert.notEqual(Buffer.from(version?.rootId ?? []).toString("hex"), forgedHex, "not sealed under the injected KEK");
    const signedOn1 = await json(n1("POST", "/v1/keys/made-on-2/sign", { message }));
    assert.deepEqual(
      await json(n2("POST", "/v1/keys/made-on-2/verify", { message, signature: signedOn1.signature })),
      { valid: true, version: 1 },
    );
    await eventually("node 2 reports the injected KEK refused", () => {
      return Promise.resolve(
        new RegExp(`refused KEK\\(s\\) ${forgedHex} in transfer to node node-2`).test(server2.output()),
      );
    });
    assert.equal(server2.output().split(forgedHex).length - 1, 1, "refused once per KEK id");
    const [injected] = await database.db.select().from(fleetNodeKeks).where(eq(fleetNodeKeks.kekId, forged.id));
    assert.ok(injected?.sealed === null, "node 2 stored no sealed copy of the injected KEK");
    await database.db.delete(fleetKeks).where(eq(fleetKeks.id, forged.id)); // the operator removes it

    // A database writer adds an `active` node with an X-Wing key of their own: it gets no KEK.
    await database.db.insert(fleetNodes).values({
      name: "intruder",
      status: "active",
      transferPublicKey: attackerTransferKey(),
      transferSealedSeed: new Uint8Array(randomBytes(64)),
    });
    [member3] = await database.db.select().from(fleetNodes).where(eq(fleetNodes.name, "node-3"));
    assert.ok(member3?.memberMac !== null && member3?.memberSequence === 1, "node 3 is a member for KEK 1");

    // Revoke node 3 from node 1; the CLI is killed once the new KEK is stored and distributed.
    await stop(server1);
    const [oldKek] = await database.db.select().from(fleetKeks);
    await cliKilledAt(["fleet", "revoke", "node-3"], env1, "stored and distributed");
    const keks = await database.db.select().from(fleetKeks);
    assert.equal(keks.length, 2, "old and new KEK both live: the rotation was cut short");
    const [revoked] = await database.db.select().from(fleetNodes).where(eq(fleetNodes.name, "node-3"));
    assert.equal(revoked?.status, "revoked");
    const newKek = keks.find((k) => k.sequence === 2);
    assert.ok(newKek !== undefined);

    // root-key finish completes it: everything re-wrapped under KEK 2, KEK 1 retired everywhere.
    // (The killed CLI left its SRK loaded in swtpm's transient slots: restart the simulator,
    // as a power cycle would; a resource manager would have flushed it.)
    await tpm1.restart();
    const finished = cli(["root-key", "finish"], env1);
    assert.equal(finished.status, 0, finished.stderr);
    const report = jsonLines(finished)[0] ?? {};
    assert.equal(report.failed, 0);
    assert.equal(report.retired, 1);
    assert.equal((report.root as { sequence: number }).sequence, 2);
    assert.deepEqual((await database.db.select().from(fleetKeks)).map((k) => k.sequence), [2]);
    const newHex = Buffer.from(newKek.id).toString("hex");
    for (const row of await database.db.select().from(keyVersions)) {
      assert.equal(Buffer.from(row.rootId ?? []).toString("hex"), newHex, "every envelope under the new KEK");
    }
    const remaining = await database.db.select().from(fleetNodeKeks);
    assert.deepEqual(
      remaining.map((c) => c.node).sort(),
      ["node-1", "node-2"],
      "node 3 and the intruder hold no copy",
    );
    assert.ok(oldKek !== undefined && !remaining.some((c) => Buffer.from(c.kekId).equals(Buffer.from(oldKek.id))));
  } finally {
    await database.close();
  }

  // After the rotation: node 1 makes a key; node 2 (which imports KEK 2 itself) uses it and
  // the re-wrapped ones; node 3 opens nothing (its copies are gone and it forgets its KEKs).
  server1 = await startServer(env1);
  n1 = caller(server1, admin);
  try {
    await json(n1("POST", "/v1/keys", { name: "after", algorithm: "ML-DSA-65" }), 201);
    // At once: a KEK node 2 has not loaded yet is imported when an envelope names it.
    await json(n2("POST", "/v1/keys/after/sign", { message }));
    const signed = await json(n2("POST", "/v1/keys/second/sign", { message }));
    assert.deepEqual(await json(n1("POST", "/v1/keys/second/verify", { message, signature: signed.signature })), {
      valid: true,
      version: 1,
    });
    const refused = await n3("POST", "/v1/keys/after/sign", { message });
    assert.notEqual(refused.status, 200, "node 3 must not open an envelope written after its revocation");
    assert.match(refused.headers.get("content-type") ?? "", /application\/problem\+json/);
    await eventually("node 3 reports itself not ready", async () => (await n3("GET", "/readyz")).status === 503);
    assert.match(server3.output(), /node node-3 was revoked/);
    assert.equal((await json(n2("GET", "/readyz"))).status, "ready");
    assert.equal((await json(n1("GET", "/readyz"))).status, "ready");

    // The HTTP root rotation of a fleet node rotates the fleet KEK too; node 2 follows at once
    // (the re-wrap drops its cached handles, and the next unwrap imports KEK 3).
    const rotated = await json(n1("POST", "/v1/keystore/root/rotate"));
    assert.deepEqual([rotated.failed, rotated.retired, (rotated.root as { sequence: number }).sequence], [0, 1, 3]);
    await new Promise((r) => setTimeout(r, 1000)); // the invalidation bound (docs/SCALING.md)
    for (const name of ["shared", "second", "after"]) {
      const again = await json(n2("POST", `/v1/keys/${name}/sign`, { message }));
      assert.deepEqual(await json(n1("POST", `/v1/keys/${name}/verify`, { message, signature: again.signature })), {
        valid: true,
        version: 1,
      });
    }
  } finally {
    await stop(server1);
  }

  // A database writer replaces node 2's transfer key by their own and restores node 3's row as
  // it was before its revocation (active, its old MAC for KEK 1): the next rotation refuses
  // both (and the intruder) by name, and exports the new KEK to none of them.
  const attacked = await openDatabase({ url });
  try {
    await attacked.db.update(fleetNodes).set({ transferPublicKey: attackerTransferKey() })
      .where(eq(fleetNodes.name, "node-2"));
    await attacked.db.update(fleetNodes)
      .set({ status: "active", memberMac: member3?.memberMac, memberSequence: member3?.memberSequence })
      .where(eq(fleetNodes.name, "node-3"));
    const status = fleet(env1, "status");
    assert.equal(status.status, 0, status.stderr);
    const shown = (jsonLines(status)[0]?.nodes ?? []) as { name: string; membership: string }[];
    assert.deepEqual(
      Object.fromEntries(shown.map((n) => [n.name, n.membership])),
      { "intruder": "unverified", "node-1": "verified", "node-2": "unverified", "node-3": "unverified" },
    );
    const rotated = fleet(env1, "rotate");
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.match(rotated.stderr, /refused node\(s\) intruder, node-2, node-3/);
    const [kek4] = await attacked.db.select().from(fleetKeks);
    assert.equal(kek4?.sequence, 4);
    const copies = await attacked.db.select().from(fleetNodeKeks);
    assert.deepEqual(copies.map((c) => c.node), ["node-1"], "the new KEK went to no refused node");

    // A joining node cannot check a MAC before it holds a KEK: node 4 is approved, then a writer
    // replaces its copy by a KEK of their own under the real KEK's id and sequence. Node 4
    // imports it, the key-binding key does not open under it, so it forgets it and stores nothing.
    const env4 = nodeEnv(tpm4, "node-4");
    const token4 = issue();
    const joined4 = fleet(env4, "join", "--token", token4);
    assert.equal(joined4.status, 0, joined4.stderr);
    const approved4 = fleet(
      env1,
      "approve",
      "node-4",
      "--transfer-key-sha256",
      jsonLines(joined4)[0]?.transferKeySha256 as string,
    );
    assert.equal(approved4.status, 0, approved4.stderr);
    const [row4] = await attacked.db.select().from(fleetNodes).where(eq(fleetNodes.name, "node-4"));
    assert.ok(row4 !== undefined && kek4 !== undefined);
    const forged4 = await forgedTransfer("node-4", row4.transferPublicKey, kek4.sequence, kek4.id);
    await attacked.db.update(fleetNodeKeks).set({ transferCiphertext: forged4.ciphertext })
      .where(eq(fleetNodeKeks.node, "node-4"));
    const finish4 = fleet(env4, "finish-join");
    assert.equal(finish4.status, 1, finish4.stderr);
    assert.match(finish4.stderr, /node node-4 refused the fleet KEK\(s\) sent to it.*nothing was stored/);
    const [copy4] = await attacked.db.select().from(fleetNodeKeks).where(eq(fleetNodeKeks.node, "node-4"));
    assert.ok(copy4?.sealed === null, "node 4 stored no sealed copy");
  } finally {
    await attacked.close();
  }
}, SLOW);
