// The real server process (src/serve/deno.ts or src/serve/bun.ts, on the runtime running
// the tests) over HTTP on loopback: first start writes the admin token, then a full key
// scenario through the typed HTTP client (client/http: a changed route contract fails this
// file's type check); a restart keeps keys and tokens (PGlite on disk, software keystore on disk).

import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { tempDir } from "../support/pq.ts";
import { runScript, startServer } from "../support/runtime.ts";
import { shake256 } from "@noble/hashes/sha3.js";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { concat } from "../../src/common/bytes.ts";
import { gatewayClient, must, ProblemError } from "../../client/http/mod.ts";
import { type ImportParamsJson, sealForImport } from "../support/wrapped-import.ts";

const SLOW = { timeoutMs: 90_000 };

test(
  "first start, token, key, sign, verify, encrypt, HPKE, HMAC, wrapped import over HTTP; all survives a restart",
  async () => {
    using dir = tempDir();
    const env = {
      PQGATE_DB_DIR: join(dir.path, "db"),
      PQGATE_KEYSTORE_DIR: join(dir.path, "keystore"),
      PQGATE_INITIAL_TOKEN_OUT: join(dir.path, "initial-admin-token"),
    };
    const message = toBase64Url(new TextEncoder().encode("over the wire"));
    let signature: string;
    let token: string;
    let ciphertext: string;
    let mac: string;
    let sealed: { enc: string; ciphertext: string };
    let importParams: ImportParamsJson;
    const inbox = { params: { path: { name: "inbox" } } };
    const vault = { params: { path: { name: "vault" } } };
    const hooks = { params: { path: { name: "hooks" } } };
    {
      await using server = await startServer(env);
      const tokenFile = env.PQGATE_INITIAL_TOKEN_OUT;
      assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
      token = readFileSync(tokenFile, "utf8").trim();
      assert.ok(!server.output().includes(token), "the secret is written to the file, not the log");
      const api = gatewayClient(server.url, token);
      const wire = { params: { path: { name: "wire" } } };
      const created = await must(api.POST("/v1/keys", { body: { name: "wire", algorithm: "ML-DSA-87" } }));
      assert.equal(created.latestVersion, 1);
      signature = (await must(api.POST("/v1/keys/{name}/sign", { ...wire, body: { message } }))).signature;
      const verdict = await must(api.POST("/v1/keys/{name}/verify", { ...wire, body: { message, signature } }));
      assert.deepEqual(verdict, { valid: true, version: 1 });
      // ML-DSA external μ (docs/API.md): the message signature verifies given μ alone.
      const tr = shake256(fromBase64Url(created.versions[0]?.publicKey ?? "") ?? new Uint8Array(), { dkLen: 64 });
      const mu = toBase64Url(
        shake256(concat([tr, new Uint8Array([0, 0]), fromBase64Url(message) ?? new Uint8Array()]), {
          dkLen: 64,
        }),
      );
      const byMu = await must(api.POST("/v1/keys/{name}/verify", { ...wire, body: { mu, signature } }));
      assert.deepEqual(byMu, { valid: true, version: 1 });
      const muSignature = (await must(api.POST("/v1/keys/{name}/sign", { ...wire, body: { mu } }))).signature;
      const overMessage = { message, signature: muSignature };
      assert.deepEqual(await must(api.POST("/v1/keys/{name}/verify", { ...wire, body: overMessage })), verdict);
      // Named-key encryption and HMAC: the key stays in the gateway, the answers name its version.
      await must(api.POST("/v1/keys", { body: { name: "vault", algorithm: "AES-256-GCM" } }));
      ciphertext = (await must(api.POST("/v1/keys/{name}/encrypt", { ...vault, body: { plaintext: message } })))
        .ciphertext;
      // HPKE to a KEM key's own public key (docs/ENCRYPTION.md), opened after the restart.
      await must(api.POST("/v1/keys", { body: { name: "inbox", algorithm: "X-Wing" } }));
      const hpke = await must(
        api.POST("/v1/keys/{name}/encrypt", { ...inbox, body: { plaintext: message, info: message } }),
      );
      assert.ok("enc" in hpke, JSON.stringify(hpke));
      sealed = { enc: hpke.enc, ciphertext: hpke.ciphertext };
      await must(api.POST("/v1/keys", { body: { name: "hooks", algorithm: "HMAC-SHA3-256" } }));
      mac = (await must(api.POST("/v1/keys/{name}/hmac", { ...hooks, body: { data: message } }))).mac;
      // Wrapped import (docs/API.md#wrapped-import-byok): the import key is issued by this process
      // and used after the restart, as another replica would use it.
      importParams = await must(api.POST("/v1/keys/import-params", { body: { algorithm: "ML-DSA-65" } }));
      assert.equal((await fetch(`${server.url}/v1/keys`)).status, 401);
      const refused = await must(gatewayClient(server.url, "not-a-token").GET("/v1/keys")).catch((e) => e);
      assert.ok(refused instanceof ProblemError, String(refused));
      assert.equal(refused.status, 401);
      assert.equal(refused.problem.type, "urn:pqgate:problem:unauthorized");
      // The README tour's session example: a client-side KEM (noble), the rest through client/http.
      const client = runScript(new URL("../../examples/session-client.ts", import.meta.url).pathname, [
        server.url,
        token,
      ]);
      assert.equal(client.status, 0, client.stderr);
      assert.match(client.stdout, /established; opened: hello from the gateway/);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    }
    await using server = await startServer(env);
    assert.ok(!server.output().includes("admin token written"), "no second bootstrap");
    const api = gatewayClient(server.url, token);
    const wire = { params: { path: { name: "wire" } } };
    const again = await api.POST("/v1/keys/{name}/sign", { ...wire, body: { message } });
    assert.equal(again.response.status, 200, "the key unwraps after a restart");
    const verdict = await must(api.POST("/v1/keys/{name}/verify", { ...wire, body: { message, signature } }));
    assert.deepEqual(verdict, { valid: true, version: 1 });
    // Encryption and HMAC keys unwrap after a restart too; rewrap moves a ciphertext to a new version.
    const opened = await must(api.POST("/v1/keys/{name}/decrypt", { ...vault, body: { ciphertext } }));
    assert.deepEqual(opened, { plaintext: message, version: 1 });
    await must(api.POST("/v1/keys/{name}/rotate", vault));
    const rewrapped = await must(api.POST("/v1/keys/{name}/rewrap", { ...vault, body: { ciphertext } }));
    assert.equal(rewrapped.version, 2);
    const reopened = await must(
      api.POST("/v1/keys/{name}/decrypt", { ...vault, body: { ciphertext: rewrapped.ciphertext } }),
    );
    assert.equal(reopened.plaintext, message);
    const hpkeOpened = await must(
      api.POST("/v1/keys/{name}/decrypt", { ...inbox, body: { ...sealed, info: message } }),
    );
    assert.deepEqual(hpkeOpened, { plaintext: message, version: 1 });
    const macVerdict = await must(api.POST("/v1/keys/{name}/hmac/verify", { ...hooks, body: { data: message, mac } }));
    assert.deepEqual(macVerdict, { valid: true, version: 1 });
    // The seed crosses the wire only sealed (with @hpke) to the import key issued before the restart.
    const seed = crypto.getRandomValues(new Uint8Array(32));
    const imported = await must(
      api.POST("/v1/keys/import", { body: await sealForImport(importParams, "ML-DSA-65", "byok", seed) }),
    );
    assert.deepEqual(fromBase64Url(imported.versions[0]?.publicKey ?? ""), ml_dsa65.keygen(seed).publicKey);
    // Disabled, a key refuses every private-key use while its signatures still verify; enabled, it signs again.
    const byok = { params: { path: { name: "byok" } } };
    const byokSigned = {
      message,
      signature: (await must(api.POST("/v1/keys/{name}/sign", { ...byok, body: { message } }))).signature,
    };
    await must(api.PATCH("/v1/keys/{name}/config", { ...byok, body: { enabled: false } }));
    const disabled = await must(api.POST("/v1/keys/{name}/sign", { ...byok, body: { message } })).catch((e) => e);
    assert.ok(disabled instanceof ProblemError, String(disabled));
    assert.equal(disabled.problem.type, "urn:pqgate:problem:key-disabled");
    assert.deepEqual(await must(api.POST("/v1/keys/{name}/verify", { ...byok, body: byokSigned })), verdict);
    await must(api.PATCH("/v1/keys/{name}/config", { ...byok, body: { enabled: true } }));
    await must(api.POST("/v1/keys/{name}/sign", { ...byok, body: { message } }));
    // An expiring token works, and renewing moves its expiry forward within the maximum.
    const issued = await must(
      api.POST("/v1/tokens", { body: { name: "ci", scopes: ["keys:read"], keyPattern: "*", ttlSeconds: 60 } }),
    );
    const listed = await must(gatewayClient(server.url, issued.secret).GET("/v1/keys"));
    assert.ok(listed.keys.some((key) => key.name === "byok"));
    const renewed = await must(
      api.POST("/v1/tokens/{id}/renew", { params: { path: { id: issued.id } }, body: { ttlSeconds: 3600 } }),
    );
    assert.ok(Date.parse(renewed.expiresAt ?? "") > Date.parse(issued.expiresAt ?? ""), JSON.stringify(renewed));
  },
  SLOW,
);
