// `cli backup` and `cli restore`: a backup of a data directory restored into a new, empty
// database makes the same keys sign again (with the same software root keys), the same tokens
// authenticate and the audit chain verify; damaged files, an existing output file and a
// non-empty target are refused with their own exit status. No secret is in the file.

import { is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { toBase64Url } from "../../src/common/base64url.ts";
import * as schema from "../../src/db/schema/index.ts";
import { DUMP_TABLES, EPHEMERAL_TABLES } from "../../src/db/backup.ts";
import { SCOPES } from "../../src/services/auth/scopes.ts";
import { cli, cliEnv, jsonLines, pq, withServices } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };

test("every table of the schema is in backups, or left out on purpose", () => {
  const tables = Object.values(schema).filter((value) => is(value, PgTable));
  assert.equal(tables.length, DUMP_TABLES.length + EPHEMERAL_TABLES.length);
  for (const table of tables) {
    assert.ok([...DUMP_TABLES, ...EPHEMERAL_TABLES].some((t) => t.table === table));
  }
});

test("backup, then restore into an empty database: keys sign, tokens work, the chain verifies", async () => {
  using dir = tempDir();
  const keystoreDir = join(dir.path, "keystore");
  const env = cliEnv(join(dir.path, "db"), keystoreDir);
  const message = new TextEncoder().encode("before the backup");
  const seeded = await withServices(dir.path, async ({ keys, tokens, audit, sync }) => {
    await sync.accounts.create("tenant-a", { name: "family", custodial: false });
    await keys.create({ owner: "tenant-a", name: "signer", algorithm: "ML-DSA-65" });
    await keys.rotate("tenant-a", "signer");
    const token = await tokens.create("tenant-a", { name: "app", scopes: SCOPES, keyPattern: "*" });
    await audit.record({
      requestId: "seed",
      actor: token.id,
      owner: "tenant-a",
      action: "keys.sign",
      keyName: "signer",
      keyVersion: 2,
      outcome: "ok",
      status: 200,
    });
    const view = await keys.get("tenant-a", "signer");
    return { secret: token.secret, publicKeys: view.versions.map((v) => v.publicKey) };
  });

  const file = join(dir.path, "backup.jsonl");
  const made = cli(["backup", file], env);
  assert.equal(made.status, 0, made.stderr);
  assert.deepEqual(jsonLines(made)[0]?.counts, {
    keys: 1,
    key_versions: 2,
    tokens: 1,
    sync_accounts: 1,
    sync_devices: 0,
    sync_challenges: 0,
    sync_bundles: 0,
    sync_backups: 0,
    sync_recovery_attempts: 0,
    audit_log: 2,
    audit_chain_key: 1,
    key_binding_key: 1,
    import_keys: 0,
    fleet_nodes: 0,
    fleet_join_tokens: 0,
    fleet_keks: 0,
    fleet_node_keks: 0,
  });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const text = readFileSync(file, "utf8");
  assert.ok(!text.includes(seeded.secret) && !text.includes(seeded.secret.slice(4)), "token secrets are not in it");
  assert.ok(text.includes(toBase64Url(seeded.publicKeys[0] ?? new Uint8Array())), "public keys are");
  assert.equal(cli(["backup", file], env).status, 73, "an existing file is never overwritten");

  const damaged = join(dir.path, "damaged.jsonl");
  writeFileSync(damaged, text.replace('"name":"signer"', '"name":"signex"'));
  const truncated = join(dir.path, "truncated.jsonl");
  writeFileSync(truncated, text.split("\n").slice(0, 3).join("\n"));
  const target = cliEnv(join(dir.path, "restored-db"), keystoreDir);
  for (const bad of [damaged, truncated]) {
    const refused = cli(["restore", bad], target);
    assert.equal(refused.status, 65, refused.stderr);
    assert.match(refused.stderr, /not a usable pqgate backup/);
  }
  assert.equal(cli(["restore", join(dir.path, "absent.jsonl")], target).status, 66);
  const restored = cli(["restore", file], target);
  assert.equal(restored.status, 0, restored.stderr);
  assert.match(restored.stderr, /audit log intact: 2 rows/);
  const again = cli(["restore", file], target);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /not empty/);
  assert.equal(cli(["restore", file], env).status, 1, "the source is not empty either");

  // The restored database with the same software root keys.
  const verdicts = await withServices(dir.path, async ({ keys, tokens, audit }) => {
    const principal = await tokens.authenticate(seeded.secret);
    assert.equal(principal?.owner, "tenant-a");
    const signed = await keys.sign("tenant-a", "signer", { message });
    assert.equal(signed.version, 2);
    using verifier = pq.importPublicKey("ML-DSA-65", seeded.publicKeys[1] ?? new Uint8Array());
    const old = await keys.sign("tenant-a", "signer", { message, version: 1 });
    using oldVerifier = pq.importPublicKey("ML-DSA-65", seeded.publicKeys[0] ?? new Uint8Array());
    const result = [verifier.verify(message, signed.signature), oldVerifier.verify(message, old.signature)];
    const verdict = await audit.verify();
    return [...result, verdict.ok && verdict.rows === 3];
  }, "restored-db");
  assert.deepEqual(verdicts, [true, true, true], "both versions sign; the chain has the restore's own row");
}, SLOW);
