// The operator CLI as operators run it: a separate process on a temporary data directory.
// Usage errors, tokens create/list/revoke, keys list/rotate/schedule-delete, root-key rotation
// and audit verification, each checked afterwards through the services themselves.

import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { cli, cliEnv, jsonLines, withServices } from "./support.ts";

const SLOW = { timeoutMs: 180_000 };

test("cli --help, unknown commands and options, and a missing database", () => {
  using dir = tempDir();
  const env = cliEnv(join(dir.path, "db"), join(dir.path, "keystore"));
  const help = cli(["--help"], env);
  assert.equal(help.status, 0, help.stderr);
  for (const command of ["tokens", "keys", "root-key", "audit", "backup", "restore"]) {
    assert.match(help.stdout, new RegExp(`^  ${command} `, "m"));
  }
  const keysHelp = cli(["keys", "--help"], env);
  assert.equal(keysHelp.status, 0);
  assert.match(keysHelp.stdout, /cli keys schedule-delete NAME/);
  assert.equal(cli([], env).status, 64);
  const unknown = cli(["frobnicate"], env);
  assert.equal(unknown.status, 64);
  assert.match(unknown.stderr, /unknown command frobnicate/);
  const option = cli(["keys", "list", "--ownr", "x"], env);
  assert.equal(option.status, 64);
  assert.match(option.stderr, /unknown option --ownr/);
  const missing = cli(["tokens", "list"], env);
  assert.equal(missing.status, 66);
  assert.match(missing.stderr, /no PGlite database/);
  const config = cli(["tokens", "list"], { ...env, PQGATE_RATE_LIMIT: "fast" });
  assert.equal(config.status, 78);
  assert.match(config.stderr, /PQGATE_RATE_LIMIT/);
}, SLOW);

test("cli tokens, keys, root-key and audit change what the services then see", async () => {
  using dir = tempDir();
  const env = cliEnv(join(dir.path, "db"), join(dir.path, "keystore"));
  const kemPublic = await withServices(dir.path, async ({ keys }) => {
    await keys.create({ owner: "", name: "signer", algorithm: "ML-DSA-44", deletionAllowed: true });
    const kem = await keys.create({ owner: "", name: "kem", algorithm: "ML-KEM-768" });
    return kem.versions[0]?.publicKey ?? new Uint8Array();
  });

  const created = cli(
    ["tokens", "create", "--name", "ci", "--scopes", "keys:sign,keys:read", "--key-pattern", "sig*"],
    env,
  );
  assert.equal(created.status, 0, created.stderr);
  const [token] = jsonLines(created);
  assert.match(String(token?.secret), /^pqg_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(token?.scopes, ["keys:sign", "keys:read"]);
  assert.equal(cli(["tokens", "create", "--name", "x", "--scopes", "keys:fly"], env).status, 64);
  // Expiry: the maximum by default for tokens without tokens:admin, none for admin tokens.
  const hour = ["tokens", "create", "--owner", "exp", "--name", "h", "--scopes", "keys:sign", "--ttl-seconds"];
  const expiring = jsonLines(cli([...hour, "3600"], env))[0];
  assert.ok(Math.abs(Date.parse(String(expiring?.expiresAt)) - (Date.now() + 3600_000)) < 60_000);
  const short = { ...env, PQGATE_TOKEN_MAX_TTL: "1800" };
  assert.equal(cli([...hour, "3600"], short).status, 64, "beyond PQGATE_TOKEN_MAX_TTL");
  const byDefault = jsonLines(
    cli(["tokens", "create", "--owner", "exp", "--name", "d", "--scopes", "keys:sign"], short),
  );
  assert.ok(Math.abs(Date.parse(String(byDefault[0]?.expiresAt)) - (Date.now() + 1800_000)) < 60_000);
  const admin = jsonLines(cli(["tokens", "create", "--owner", "exp", "--name", "a", "--scopes", "all"], short));
  assert.equal(admin[0]?.expiresAt, null);
  const listed = jsonLines(cli(["tokens", "list"], env));
  assert.deepEqual(listed.map((t) => t.id), [token?.id]);
  assert.ok(listed.every((t) => !("secret" in t) && !("hash" in t)));
  assert.equal(cli(["tokens", "revoke", String(token?.id)], env).status, 0);
  assert.equal(cli(["tokens", "revoke", String(token?.id)], env).status, 1, "already revoked");
  assert.equal(cli(["tokens", "revoke", "not-a-uuid"], env).status, 1);

  assert.deepEqual(jsonLines(cli(["keys", "list"], env)).map((k) => [k.name, k.latestVersion]), [
    ["kem", 1],
    ["signer", 1],
  ]);
  const rotated = cli(["keys", "rotate", "signer"], env);
  assert.equal(rotated.status, 0, rotated.stderr);
  assert.equal(jsonLines(rotated)[0]?.latestVersion, 2);
  assert.equal(cli(["keys", "rotate", "absent"], env).status, 1);
  const scheduled = cli(["keys", "schedule-delete", "signer", "--grace-seconds", "3600"], env);
  assert.equal(scheduled.status, 0, scheduled.stderr);
  const refused = cli(["keys", "schedule-delete", "kem"], env);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /deletion-not-allowed/);
  assert.equal(cli(["keys", "schedule-delete", "signer", "--grace-seconds", "5"], env).status, 64);

  const root = cli(["root-key", "rotate"], env);
  assert.equal(root.status, 0, root.stderr);
  const report = jsonLines(root)[0];
  assert.deepEqual([report?.rewrapped, report?.failed, report?.retired], [3, 0, 1]);
  const verified = cli(["audit", "verify"], env);
  assert.equal(verified.status, 0, verified.stderr);
  // 5 rows as before, plus the three tokens created with expiries.
  assert.match(verified.stdout, /audit log intact: 8 rows, head [A-Za-z0-9_-]{43}/);

  await withServices(dir.path, async ({ tokens, keys, audit, dataKeys }) => {
    assert.equal(await tokens.authenticate(String(token?.secret)), undefined, "revoked by the CLI");
    const signer = await keys.get("", "signer");
    assert.equal(signer.latestVersion, 2);
    const after = signer.deletionAfter?.getTime() ?? 0;
    assert.ok(after > Date.now() + 3500_000 && after < Date.now() + 3700_000);
    // The KEM key opens under the new root: a data key made now unwraps again.
    assert.ok(dataKeys !== undefined);
    const made = await dataKeys.generate("", "kem");
    assert.deepEqual(await dataKeys.unwrap("", "kem", made.wrapped), made.plaintext);
    assert.deepEqual((await keys.get("", "kem")).versions[0]?.publicKey, kemPublic);
    assert.deepEqual((await audit.verify()).ok, true);
  });
}, SLOW);
