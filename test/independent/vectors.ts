/**
 * The device-sync test vectors of docs/sync-protocol.md §12, made by the independent
 * implementation (`protocol.ts`, noble only) from fixed seeds and randomness. `makeVectors()`
 * is what `test/vectors/sync/*.json` must equal (checked by `vectors.test.ts` here); regenerate
 * the files with `node_modules/.bin/deno run -A test/independent/vectors.ts`.
 *
 * @module
 */

import { sha256 } from "@noble/hashes/sha2.js";
import * as p from "./protocol.ts";

/** 32 fixed bytes per label (or `n`, repeating the hash chain). */
export function fixed(label: string, n = 32): Uint8Array {
  const out = new Uint8Array(n);
  let block = sha256(p.utf8(`pqgate/sync/vectors/${label}`));
  for (let at = 0; at < n; at += 32) {
    out.set(block.subarray(0, Math.min(32, n - at)), at);
    block = sha256(block);
  }
  return out;
}

const ACCOUNT = "0b7c1c52-7d0e-4b61-9a3e-4f4b0e5f2a10";
const SIGNER = "5f0d3c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const SUBJECT = "9e8d7c6b-5a49-4382-a716-253443526170";

type Json = Record<string, unknown>;

/** A device of the vectors: its seeds and what they give. */
function device(name: string, scheme: p.Scheme) {
  const seeds = { mlDsa: fixed(`${name}/ml-dsa`), ed25519: fixed(`${name}/ed25519`), xWing: fixed(`${name}/x-wing`) };
  const key = p.hybridKey(seeds.mlDsa, seeds.ed25519, scheme);
  const kemPublicKey = p.xwingPublicKey(seeds.xWing);
  return {
    seeds,
    key,
    kemPublicKey,
    json: {
      name,
      signatureScheme: scheme,
      seeds: { mlDsa: p.hex(seeds.mlDsa), ed25519: p.hex(seeds.ed25519), xWing: p.hex(seeds.xWing) },
      signingPublicKey: p.hex(key.publicKey),
      kemPublicKey: p.hex(kemPublicKey),
      fingerprint: p.fingerprint(key.publicKey, kemPublicKey, scheme),
    },
  };
}

/** Every vector file's content. */
export function makeVectors(): Record<string, Json> {
  const devices = [];
  const statements = [];
  for (const scheme of [1, 2] as const) {
    for (const subjectScheme of [1, 2] as const) {
      const signer = device(`signer-s${scheme}`, scheme);
      const subject = device(`subject-s${subjectScheme}`, subjectScheme);
      if (subjectScheme === scheme) devices.push(signer.json);
      const verifier = p.recoveryKeys(fixed("recovery-k"), ACCOUNT, scheme).verifier;
      const nonce = fixed(`nonce/${scheme}/${subjectScheme}`);
      const sealed = fixed("sealed", 1143);
      const blob = fixed("blob", 60);
      const kdf = p.passwordKdf(fixed("salt", 16), 19456, 2, 1);
      const own = { spk: subject.key.publicKey, kpk: subject.kemPublicKey, scheme: subjectScheme };
      const all: [p.Statement, p.HybridKey, Json][] = [
        [{ kind: "possession", nonce, accountId: ACCOUNT, deviceId: SUBJECT, ...own }, subject.key, {
          deviceId: SUBJECT,
          device: subject.json.name,
        }],
        [
          { kind: "approve", nonce, accountId: ACCOUNT, epoch: 3, approverId: SIGNER, deviceId: SUBJECT, ...own },
          signer.key,
          { epoch: 3, approverId: SIGNER, deviceId: SUBJECT, device: subject.json.name },
        ],
        [
          { kind: "recover", nonce, accountId: ACCOUNT, method: "shares", deviceId: SUBJECT, ...own },
          verifier,
          { method: "shares", deviceId: SUBJECT, device: subject.json.name, verifier: true },
        ],
      ];
      if (subjectScheme === scheme) {
        all.push(
          [
            { kind: "bundle", nonce, accountId: ACCOUNT, epoch: 2, senderId: SIGNER, recipientId: SUBJECT, sealed },
            signer.key,
            { epoch: 2, senderId: SIGNER, recipientId: SUBJECT, sealed: p.hex(sealed) },
          ],
          [{ kind: "fetch", nonce, accountId: ACCOUNT, epoch: 2, deviceId: SIGNER }, signer.key, {
            epoch: 2,
            deviceId: SIGNER,
          }],
          [
            { kind: "revoke", nonce, accountId: ACCOUNT, epoch: 4, revokerId: SIGNER, deviceId: SUBJECT },
            signer.key,
            { epoch: 4, revokerId: SIGNER, deviceId: SUBJECT },
          ],
          [
            {
              kind: "backup",
              nonce,
              accountId: ACCOUNT,
              epoch: 5,
              uploaderId: SIGNER,
              method: "password",
              blob,
              verifierPublicKey: verifier.publicKey,
              kdf,
              scheme,
            },
            signer.key,
            {
              epoch: 5,
              uploaderId: SIGNER,
              method: "password",
              blob: p.hex(blob),
              verifierPublicKey: p.hex(verifier.publicKey),
              verifierScheme: scheme,
              kdf: p.hex(kdf),
            },
          ],
        );
      }
      for (const [s, key, fields] of all) {
        const m = p.message(s);
        const ctx = p.context(s.kind);
        statements.push({
          kind: s.kind,
          signerScheme: key.scheme,
          subjectScheme: "spk" in s || s.kind === "backup" ? subjectScheme : null,
          accountId: ACCOUNT,
          nonce: p.hex(nonce),
          ...fields,
          signerPublicKey: p.hex(key.publicKey),
          context: new TextDecoder().decode(ctx),
          message: p.hex(m),
          signature: p.hex(p.hybridSign(key, m, ctx, true)),
        });
      }
      if (subjectScheme !== scheme) devices.push(subject.json);
    }
  }
  const unique = [...new Map(devices.map((d) => [d.name, d])).values()];

  const recipient = device("recipient", 2);
  const boxes = [new Uint8Array(0), p.utf8("the account bundle"), fixed("custodial-seed")].map((plaintext, i) => {
    const aad = p.bundleAad(ACCOUNT, i === 2 ? "gateway" : SIGNER, SUBJECT, i + 1);
    const eseed = fixed(`eseed/${i}`, 64);
    return {
      recipientSeed: p.hex(recipient.seeds.xWing),
      recipientPublicKey: p.hex(recipient.kemPublicKey),
      accountId: ACCOUNT,
      senderId: i === 2 ? "gateway" : SIGNER,
      recipientId: SUBJECT,
      epoch: i + 1,
      aad: p.hex(aad),
      eseed: p.hex(eseed),
      plaintext: p.hex(plaintext),
      sealed: p.hex(p.seal(recipient.kemPublicKey, aad, plaintext, eseed)),
    };
  });

  const backups = [];
  for (const method of ["password", "shares"] as const) {
    for (const scheme of [1, 2] as const) {
      const salt = fixed("salt", 16);
      const kdf = { memoryKiB: 64, iterations: 1, parallelism: 1 };
      const password = "correct horse battery staple ✓";
      const k = method === "password"
        ? p.passwordK(password, salt, kdf.memoryKiB, kdf.iterations, kdf.parallelism)
        : fixed("recovery-r");
      const keys = p.recoveryKeys(k, ACCOUNT, scheme);
      const nonce = fixed(`backup-nonce/${method}`, 12);
      const bundle = p.utf8(`bundle of the ${method} backup`);
      backups.push({
        method,
        verifierScheme: scheme,
        accountId: ACCOUNT,
        epoch: 7,
        ...(method === "password" ? { password, salt: p.hex(salt), ...kdf } : {}),
        k: p.hex(k),
        backupKey: p.hex(keys.backupKey),
        verifierPublicKey: p.hex(keys.verifier.publicKey),
        nonce: p.hex(nonce),
        bundle: p.hex(bundle),
        blob: p.hex(p.backupBlob(keys.backupKey, ACCOUNT, method, 7, nonce, bundle)),
      });
    }
  }

  const shamir = [[2, 2], [3, 5], [5, 7]].map(([t, n]) => {
    const secret = fixed(`shamir-secret/${t}`);
    const setId = fixed(`shamir-set/${t}`, 16);
    const rows = Array.from({ length: t! - 1 }, (_, d) => fixed(`shamir-row/${t}/${d}`, secret.length + 16));
    return {
      secret: p.hex(secret),
      threshold: t,
      count: n,
      setId: p.hex(setId),
      coefficientRows: rows.map(p.hex),
      shares: p.shamirSplit(secret, t!, n!, setId, rows).map(p.hex),
    };
  });

  const about = "docs/sync-protocol.md §12; generated by test/independent/vectors.ts";
  return {
    "statements.json": { about, devices: unique, statements },
    "sealed-boxes.json": { about, boxes },
    "backups.json": { about, backups },
    "shamir.json": { about, splits: shamir },
  };
}

/** The JSON text of a vector file. */
export const vectorText = (content: Json): string => `${JSON.stringify(content, null, 2)}\n`;

if (import.meta.main) {
  const { writeFileSync } = await import("node:fs");
  for (const [file, content] of Object.entries(makeVectors())) {
    writeFileSync(new URL(`../vectors/sync/${file}`, import.meta.url), vectorText(content));
  }
}
