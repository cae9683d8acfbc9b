/**
 * The end-to-end scenario through the typed HTTP client (client/http: a changed route contract
 * fails the type check of this file), in two halves around a restart of the gateway: one half
 * against a fresh gateway, the other against the same gateway restarted on the same state. It
 * runs against a server process (test/serve/e2e.system.test.ts) and against the container image
 * (test/ops/image.system.test.ts).
 *
 * @module
 */

import { shake256 } from "@noble/hashes/sha3.js";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import assert from "./assert.ts";
import { runScript } from "./runtime.ts";
import { type ImportParamsJson, sealForImport } from "./wrapped-import.ts";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { concat } from "../../src/common/bytes.ts";
import { gatewayClient, must, ProblemError } from "../../client/http/mod.ts";

/** What the first half leaves for the second: outputs made before the restart. */
export interface BeforeRestart {
  readonly message: string;
  readonly signature: string;
  readonly ciphertext: string;
  readonly mac: string;
  readonly sealed: { readonly enc: string; readonly ciphertext: string };
  readonly importParams: ImportParamsJson;
}

const wire = { params: { path: { name: "wire" } } };
const inbox = { params: { path: { name: "inbox" } } };
const vault = { params: { path: { name: "vault" } } };
const hooks = { params: { path: { name: "hooks" } } };
const byok = { params: { path: { name: "byok" } } };

/**
 * Keys of every kind, signing (message and external μ), encryption (symmetric and HPKE), HMAC,
 * an import key, refusals without a valid token, and the README's session client.
 */
export async function beforeRestart(url: string, token: string): Promise<BeforeRestart> {
  const message = toBase64Url(new TextEncoder().encode("over the wire"));
  const api = gatewayClient(url, token);
  const created = await must(api.POST("/v1/keys", { body: { name: "wire", algorithm: "ML-DSA-87" } }));
  assert.equal(created.latestVersion, 1);
  const signature = (await must(api.POST("/v1/keys/{name}/sign", { ...wire, body: { message } }))).signature;
  const verdict = await must(api.POST("/v1/keys/{name}/verify", { ...wire, body: { message, signature } }));
  assert.deepEqual(verdict, { valid: true, version: 1 });
  // ML-DSA external μ (docs/API.md): the message signature verifies given μ alone.
  const tr = shake256(fromBase64Url(created.versions[0]?.publicKey ?? "") ?? new Uint8Array(), { dkLen: 64 });
  const mu = toBase64Url(
    shake256(concat([tr, new Uint8Array([0, 0]), fromBase64Url(message) ?? new Uint8Array()]), { dkLen: 64 }),
  );
  const byMu = await must(api.POST("/v1/keys/{name}/verify", { ...wire, body: { mu, signature } }));
  assert.deepEqual(byMu, { valid: true, version: 1 });
  const muSignature = (await must(api.POST("/v1/keys/{name}/sign", { ...wire, body: { mu } }))).signature;
  const overMessage = { message, signature: muSignature };
  assert.deepEqual(await must(api.POST("/v1/keys/{name}/verify", { ...wire, body: overMessage })), verdict);
  // Named-key encryption and HMAC: the key stays in the gateway, the answers name its version.
  await must(api.POST("/v1/keys", { body: { name: "vault", algorithm: "AES-256-GCM" } }));
  const ciphertext = (await must(api.POST("/v1/keys/{name}/encrypt", { ...vault, body: { plaintext: message } })))
    .ciphertext;
  // HPKE to a KEM key's own public key (docs/ENCRYPTION.md), opened after the restart.
  await must(api.POST("/v1/keys", { body: { name: "inbox", algorithm: "X-Wing" } }));
  const hpke = await must(
    api.POST("/v1/keys/{name}/encrypt", { ...inbox, body: { plaintext: message, info: message } }),
  );
  assert.ok("enc" in hpke, JSON.stringify(hpke));
  await must(api.POST("/v1/keys", { body: { name: "hooks", algorithm: "HMAC-SHA3-256" } }));
  const mac = (await must(api.POST("/v1/keys/{name}/hmac", { ...hooks, body: { data: message } }))).mac;
  // Wrapped import (docs/API.md#wrapped-import-byok): the import key is issued before the
  // restart and used after it, as another replica would use it.
  const importParams = await must(api.POST("/v1/keys/import-params", { body: { algorithm: "ML-DSA-65" } }));
  assert.equal((await fetch(`${url}/v1/keys`)).status, 401);
  const refused = await must(gatewayClient(url, "not-a-token").GET("/v1/keys")).catch((e) => e);
  assert.ok(refused instanceof ProblemError, String(refused));
  assert.equal(refused.status, 401);
  assert.equal(refused.problem.type, "urn:pqgate:problem:unauthorized");
  // The README tour's session example: a client-side KEM (noble), the rest through client/http.
  const client = runScript(new URL("../../examples/session-client.ts", import.meta.url).pathname, [url, token]);
  assert.equal(client.status, 0, client.stderr);
  assert.match(client.stdout, /established; opened: hello from the gateway/);
  assert.equal((await fetch(`${url}/readyz`)).status, 200);
  return { message, signature, ciphertext, mac, sealed: { enc: hpke.enc, ciphertext: hpke.ciphertext }, importParams };
}

/**
 * Everything made before the restart still verifies and opens; rotation and rewrap, the wrapped
 * import, disabling and enabling a key, and an expiring token renewed.
 */
export async function afterRestart(url: string, token: string, before: BeforeRestart): Promise<void> {
  const { message, signature, ciphertext, mac, sealed, importParams } = before;
  const api = gatewayClient(url, token);
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
  const hpkeOpened = await must(api.POST("/v1/keys/{name}/decrypt", { ...inbox, body: { ...sealed, info: message } }));
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
  const listed = await must(gatewayClient(url, issued.secret).GET("/v1/keys"));
  assert.ok(listed.keys.some((key) => key.name === "byok"));
  const renewed = await must(
    api.POST("/v1/tokens/{id}/renew", { params: { path: { id: issued.id } }, body: { ttlSeconds: 3600 } }),
  );
  assert.ok(Date.parse(renewed.expiresAt ?? "") > Date.parse(issued.expiresAt ?? ""), JSON.stringify(renewed));
}
