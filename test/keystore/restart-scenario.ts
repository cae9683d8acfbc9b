/**
 * The restart scenario every keystore backend must pass: a separate process creates one key
 * of every algorithm from known seeds and stores only envelopes, plus the device's native
 * keys (stored as references); the device (if any) and the process restart; a new process
 * loads and uses every key. Then every byte the
 * processes wrote or printed is scanned for the seeds and the given extra secrets.
 *
 * @module
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Algorithm, KeystoreConfig, NativeAlgorithm, Pqgate } from "../../ffi/mod.ts";
import assert from "../support/assert.ts";
import { runScript } from "../support/runtime.ts";
import { softwareAlgorithms } from "../support/pq.ts";

const WORKER = new URL("./fixtures/keystore-worker.ts", import.meta.url).pathname;

/** Every encoding a leaked secret could take in a file or a log line. */
export function encodings(secret: Uint8Array): string[] {
  const buffer = Buffer.from(secret);
  return [
    buffer.toString("hex"),
    buffer.toString("hex").toUpperCase(),
    buffer.toString("base64"),
    buffer.toString("base64url"),
  ];
}

/** Asserts none of `secrets` occurs, raw or encoded, in any of `haystacks`. */
export function assertNoSecrets(haystacks: Record<string, Uint8Array | string>, secrets: Uint8Array[]): void {
  for (const [where, haystack] of Object.entries(haystacks)) {
    const bytes = Buffer.from(haystack);
    for (const secret of secrets) {
      assert.equal(bytes.indexOf(Buffer.from(secret)), -1, `raw secret bytes found in ${where}`);
      for (const encoded of encodings(secret)) {
        assert.equal(bytes.indexOf(encoded), -1, `encoded secret found in ${where}`);
      }
    }
  }
}

/** What the scenario creates besides the software algorithms' envelopes. */
export interface ScenarioOptions {
  /** Native algorithms the device holds (none for the software keystore). */
  readonly native?: NativeAlgorithm[];
  /** More secrets to scan for (e.g. a root key file's contents); read when the scan runs. */
  readonly extraSecrets?: Uint8Array[];
}

/** Runs the scenario in `dir`. `restartDevice` runs between the two processes. */
export async function restartScenario(
  pq: Pqgate,
  dir: string,
  config: KeystoreConfig,
  restartDevice: () => Promise<void>,
  options: ScenarioOptions = {},
): Promise<void> {
  const native = options.native ?? [];
  const configPath = join(dir, "config.json");
  const seedsPath = join(dir, "seeds.json");
  const statePath = join(dir, "state.json");
  writeFileSync(configPath, JSON.stringify(config));
  const seeds = new Map<Algorithm, Uint8Array>();
  for (const algorithm of softwareAlgorithms(pq)) {
    seeds.set(algorithm, pq.randomBytes(pq.algorithmSizes(algorithm).seed));
  }
  const seedsHex = Object.fromEntries([...seeds].map(([a, s]) => [a, Buffer.from(s).toString("hex")]));
  writeFileSync(seedsPath, JSON.stringify({ seeds: seedsHex, native }));

  const created = runScript(WORKER, [configPath, "create", seedsPath, statePath]);
  assert.equal(created.status, 0, created.stderr);
  assert.match(created.stdout, new RegExp(`created ${seeds.size + native.length} keys`));
  await restartDevice();
  const used = runScript(WORKER, [configPath, "use", statePath]);
  assert.equal(used.status, 0, used.stderr);
  assert.match(used.stdout, new RegExp(`used ${seeds.size + native.length} keys`));

  assertNoSecrets(
    {
      "stored envelopes": readFileSync(statePath),
      "create stdout": created.stdout,
      "create stderr": created.stderr,
      "use stdout": used.stdout,
      "use stderr": used.stderr,
    },
    [...seeds.values(), ...(options.extraSecrets ?? [])],
  );
}
