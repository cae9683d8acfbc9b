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
import { findSecrets } from "../support/scan.ts";

const WORKER = new URL("./fixtures/keystore-worker.ts", import.meta.url).pathname;

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

  const secrets = {
    ...Object.fromEntries([...seeds].map(([algorithm, seed]) => [`${algorithm} seed`, seed])),
    ...Object.fromEntries((options.extraSecrets ?? []).map((secret, i) => [`extra secret ${i}`, secret])),
  };
  const sources = Object.entries({
    "stored envelopes": readFileSync(statePath),
    "create stdout": created.stdout,
    "create stderr": created.stderr,
    "use stdout": used.stdout,
    "use stderr": used.stderr,
  }).map(([where, content]) => ({ where, bytes: Buffer.from(content) }));
  assert.deepEqual(findSecrets(sources, secrets), [], "no seed or extra secret in envelopes or output");
}
