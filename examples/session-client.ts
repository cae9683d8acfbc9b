// A command-line client that establishes a post-quantum session with a running gateway and
// round-trips a message through the typed HTTP client (client/http). The client's half of the
// KEM (ML-KEM-768) is @noble/post-quantum's; the key schedule is examples/session-protocol.ts.
//
//   deno run -A examples/session-client.ts http://127.0.0.1:8080 "$TOKEN"
//   bun examples/session-client.ts http://127.0.0.1:8080 "$TOKEN"

import process from "node:process";
import { Buffer } from "node:buffer";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { gatewayClient, must } from "../client/http/mod.ts";
import { derive, open } from "./session-protocol.ts";

const [url = "http://127.0.0.1:8080", token = ""] = process.argv.slice(2);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));
const api = gatewayClient(url, token);

// 1. An ephemeral client key; only its public half leaves this process.
const client = ml_kem768.keygen();
console.log("POST /v1/sessions (client-key, ML-KEM-768)");
const session = await must(api.POST("/v1/sessions", {
  body: { mode: "client-key", algorithm: "ML-KEM-768", clientPublicKey: b64(client.publicKey) },
}));
const id = { params: { path: { id: session.sessionId } } };
// 2. Decapsulate and derive exactly as the gateway did; check its confirmation.
const ciphertext = bytes(session.ciphertext ?? "");
const secrets = await derive(ml_kem768.decapsulate(ciphertext, client.secretKey), {
  mode: "client-key",
  algorithm: "ML-KEM-768",
  clientPublicKey: client.publicKey,
  ciphertext,
  sessionId: bytes(session.sessionId),
});
if (b64(secrets.gatewayConfirmation) !== session.confirmation) throw new Error("confirmation mismatch: abort");
console.log(`POST /v1/sessions/${session.sessionId}/confirm`);
await must(api.POST("/v1/sessions/{id}/confirm", { ...id, body: { confirmation: b64(secrets.clientConfirmation) } }));
// 3. The gateway seals; this client opens with its own copy of the session key.
console.log(`POST /v1/sessions/${session.sessionId}/seal`);
const { sealed } = await must(api.POST("/v1/sessions/{id}/seal", {
  ...id,
  body: { plaintext: b64(new TextEncoder().encode("hello from the gateway")) },
}));
const plaintext = await open(secrets.sessionKey, new Uint8Array(0), bytes(sealed));
console.log(`session ${session.sessionId} established; opened: ${new TextDecoder().decode(plaintext)}`);
client.secretKey.fill(0);
secrets.sessionKey.fill(0);
