/**
 * The key half of the hygiene scenario, over HTTP against a running gateway: API tokens, keys
 * of four algorithms, a wrapped BYOK import of a seed the test chose, signing and verifying, session
 * keys in both modes, data keys, key rotation and a root-key rotation. Every secret goes into
 * the ledger with the responses or files allowed to carry it.
 *
 * @module
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { ml_kem768_x25519 } from "@noble/post-quantum/hybrid.js";
import { derive, open, seal } from "../../examples/session-protocol.ts";
import assert from "../support/assert.ts";
import { b64, bytes, utf8 } from "../sessions/support.ts";
import { random } from "../sync/support.ts";
import { sealForImport } from "../support/wrapped-import.ts";
import type { SecretLedger } from "./ledger.ts";
import type { RecordingClient } from "./recorder.ts";

const message = b64(utf8("ship 3 crates"));
/** The keys the gateway generates, by name. */
const KEYS = { signer: "ML-DSA-65", ed: "Ed25519", kem: "ML-KEM-768", xw: "X-Wing" };

/** Creates an API token with `scopes`; its secret is allowed in the creation response only. */
export async function createToken(
  http: RecordingClient,
  ledger: SecretLedger,
  name: string,
  scopes: string[],
): Promise<string> {
  const created = await http.call("POST", "/v1/tokens", { name, scopes }, 201);
  ledger.addToken(`token ${name}`, created.json.secret, [created.where]);
  return created.json.secret;
}

/** The software keystore's root keys in `dir`: file name → the 32-byte key after "PQRK" ‖ mode. */
function rootKeys(dir: string): Map<string, Uint8Array> {
  return new Map(readdirSync(dir).map((name) => [name, new Uint8Array(readFileSync(join(dir, name))).subarray(5)]));
}

/** Runs the key scenario; `keystoreDir` is the gateway's PQGATE_KEYSTORE_DIR. */
export async function keysScenario(http: RecordingClient, ledger: SecretLedger, keystoreDir: string): Promise<void> {
  const app = await createToken(http, ledger, "app", ["keys:sign", "keys:verify", "sessions:use"]);
  const spare = await createToken(http, ledger, "spare", ["keys:read"]);
  const listed = await http.call("GET", "/v1/tokens");
  const spareId = listed.json.tokens.find((t: { name: string }) => t.name === "spare").id;
  await http.call("DELETE", `/v1/tokens/${spareId}`, undefined, 204);
  await http.call("GET", "/v1/keys", undefined, 401, spare);

  for (const [name, algorithm] of Object.entries(KEYS)) await http.call("POST", "/v1/keys", { name, algorithm }, 201);

  // BYOK: the gateway derives the same key from the seed as an independent implementation.
  const seed = random(32);
  ledger.add("imported ML-DSA-65 seed", seed);
  const expected = ml_dsa65.keygen(seed);
  ledger.add("imported ML-DSA-65 expanded private key", expected.secretKey);
  // Wrapped import: the seed crosses the network only sealed to the gateway's import key.
  const importParams = await http.call("POST", "/v1/keys/import-params", { algorithm: "ML-DSA-65" });
  const imported = await http.call(
    "POST",
    "/v1/keys/import",
    await sealForImport(importParams.json, "ML-DSA-65", "byok", seed),
    201,
  );
  assert.deepEqual(bytes(imported.json.versions[0].publicKey), expected.publicKey);

  for (const name of ["signer", "ed", "byok"]) {
    const signed = await http.call("POST", `/v1/keys/${name}/sign`, { message }, 200, app);
    const verdict = await http.call(
      "POST",
      `/v1/keys/${name}/verify`,
      { message, signature: signed.json.signature },
      200,
      app,
    );
    assert.equal(verdict.json.valid, true);
  }
  await http.call("POST", "/v1/keys/signer/rotate");
  await http.call("POST", "/v1/keys/signer/sign", { message }, 200, app);

  await clientKeySession(http, ledger, app);
  await gatewayKeySession(http, ledger, app);
  await dataKeys(http, ledger);

  // Root-key rotation: the old root's file is destroyed, so its key may remain nowhere; the
  // new root's key only in its own file.
  const before = rootKeys(keystoreDir);
  assert.equal(before.size, 1);
  for (const [file, key] of before) ledger.add(`root key ${file}`, key);
  const report = await http.call("POST", "/v1/keystore/root/rotate");
  assert.deepEqual([report.json.failed, report.json.retired], [0, 1]);
  const after = rootKeys(keystoreDir);
  assert.equal(after.size, 1);
  for (const [file, key] of after) ledger.add(`root key ${file}`, key, { handedOut: [`file keystore/${file}`] });
  await http.call("POST", "/v1/keys/byok/sign", { message }, 200, app);
  assert.equal((await http.call("GET", "/v1/audit/verify")).json.ok, true);
}

/** A client-key session: the client's KEM key never leaves it; the session key never crosses. */
async function clientKeySession(http: RecordingClient, ledger: SecretLedger, token: string): Promise<void> {
  const seed = random(64);
  const client = ml_kem768.keygen(seed);
  ledger.add("session client ML-KEM-768 seed", seed, { clientOnly: true });
  ledger.add("session client ML-KEM-768 private key", client.secretKey, { clientOnly: true });
  const body = { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(client.publicKey) };
  const session = (await http.call("POST", "/v1/sessions", body, 201, token)).json;
  const ciphertext = bytes(session.ciphertext);
  const shared = ml_kem768.decapsulate(ciphertext, client.secretKey);
  const fields = {
    mode: "client-key",
    algorithm: "ML-KEM-768",
    clientPublicKey: client.publicKey,
    ciphertext,
  } as const;
  await useSession(
    http,
    ledger,
    token,
    "client-key",
    shared,
    { ...fields, sessionId: bytes(session.sessionId) },
    session,
  );
}

/** A gateway-key session to the stored X-Wing key. */
async function gatewayKeySession(http: RecordingClient, ledger: SecretLedger, token: string): Promise<void> {
  const key = (await http.call("GET", "/v1/keys/xw")).json;
  const gatewayPublicKey = bytes(key.versions[0].publicKey);
  const { cipherText, sharedSecret } = ml_kem768_x25519.encapsulate(gatewayPublicKey);
  const body = { mode: "gateway-key", keyName: "xw", ciphertext: b64(cipherText) };
  const session = (await http.call("POST", "/v1/sessions", body, 201, token)).json;
  const fields = { mode: "gateway-key", algorithm: "X-Wing", keyName: "xw", keyVersion: 1, gatewayPublicKey } as const;
  const transcript = { ...fields, ciphertext: cipherText, sessionId: bytes(session.sessionId) };
  await useSession(http, ledger, token, "gateway-key", sharedSecret, transcript, session);
}

/** Confirms, seals and opens both ways, and ends a session; records its shared secret and key. */
async function useSession(
  http: RecordingClient,
  ledger: SecretLedger,
  token: string,
  mode: string,
  sharedSecret: Uint8Array,
  transcript: Parameters<typeof derive>[1],
  // deno-lint-ignore no-explicit-any
  session: any,
): Promise<void> {
  const secrets = await derive(sharedSecret, transcript);
  ledger.add(`${mode} session shared secret`, sharedSecret);
  ledger.add(`${mode} session key`, secrets.sessionKey);
  assert.deepEqual(bytes(session.confirmation), secrets.gatewayConfirmation);
  const id = session.sessionId;
  await http.call("POST", `/v1/sessions/${id}/confirm`, { confirmation: b64(secrets.clientConfirmation) }, 200, token);
  const sealed = (await http.call("POST", `/v1/sessions/${id}/seal`, { plaintext: message }, 200, token)).json;
  assert.deepEqual(await open(secrets.sessionKey, new Uint8Array(0), bytes(sealed.sealed)), utf8("ship 3 crates"));
  const mine = b64(await seal(secrets.sessionKey, new Uint8Array(0), utf8("from the client")));
  const opened = (await http.call("POST", `/v1/sessions/${id}/open`, { sealed: mine }, 200, token)).json;
  assert.deepEqual(bytes(opened.plaintext), utf8("from the client"));
  await http.call("DELETE", `/v1/sessions/${id}`, undefined, 204, token);
}

/** Data keys: each plaintext key is allowed in the responses that hand it out (generate, unwrap). */
async function dataKeys(http: RecordingClient, ledger: SecretLedger): Promise<void> {
  const aad = b64(utf8("invoice 7"));
  const first = await http.call("POST", "/v1/keys/kem/data-key", { aad });
  const unwrapped = await http.call("POST", "/v1/keys/kem/data-key/unwrap", { wrapped: first.json.wrapped, aad });
  assert.equal(unwrapped.json.plaintext, first.json.plaintext);
  await http.call("POST", "/v1/keys/kem/rotate");
  const second = await http.call("POST", "/v1/keys/kem/data-key", { bytes: 16 });
  assert.equal(second.json.version, 2);
  // The first key, still unwrappable after the rotation: a third response that hands it out.
  const again = await http.call("POST", "/v1/keys/kem/data-key/unwrap", { wrapped: first.json.wrapped, aad });
  ledger.add("data key 1", bytes(first.json.plaintext), { handedOut: [first.where, unwrapped.where, again.where] });
  ledger.add("data key 2", bytes(second.json.plaintext), { handedOut: [second.where] });
}
