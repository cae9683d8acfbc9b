// Opening the configured keystore: secret files (owner-only, one trailing newline
// dropped) and the mapping from settings to the binding's configuration.

import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "./support/harness.ts";
import assert from "./support/assert.ts";
import { tempDir, throwsStatus } from "./support/pq.ts";
import { loadPqgate } from "../ffi/mod.ts";
import {
  keystoreConfig,
  openConfiguredKeystore,
  readSecretFile,
  SecretFileError,
} from "../src/bootstrap/keystore-setup.ts";

const pq = loadPqgate();

function secretFile(dir: string, name: string, contents: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  chmodSync(path, mode);
  return path;
}

test("a secret file is read without its trailing newline, and refused unless owner-only", () => {
  using dir = tempDir();
  assert.deepEqual(readSecretFile(secretFile(dir.path, "a", "1234\n", 0o600)), new TextEncoder().encode("1234"));
  assert.deepEqual(
    readSecretFile(secretFile(dir.path, "b", "pass word\r\n", 0o400)),
    new TextEncoder().encode("pass word"),
  );
  const refused = (path: string, pattern: RegExp) =>
    assert.throws(() => readSecretFile(path), (e: unknown) => e instanceof SecretFileError && pattern.test(e.message));
  refused(secretFile(dir.path, "c", "1234", 0o644), /group or others/);
  refused(secretFile(dir.path, "d", "1234", 0o640), /group or others/);
  refused(secretFile(dir.path, "e", "\n", 0o600), /empty/);
  refused(join(dir.path, "missing"), /cannot read/);
  assert.throws(
    () => readSecretFile(secretFile(dir.path, "f", "hunter2", 0o644)),
    (e: unknown) => !String(e).includes("hunter2"),
  );
});

test("settings become the binding configuration; the passphrase file selects passphrase mode", () => {
  using dir = tempDir();
  const passphraseFile = secretFile(dir.path, "pass", "correct horse\n", 0o600);
  assert.deepEqual(keystoreConfig({ backend: "software", dir: "/k", passphraseFile: undefined }), {
    backend: "software",
    dir: "/k",
    passphrase: undefined,
  });
  assert.deepEqual(keystoreConfig({ backend: "software", dir: "/k", passphraseFile }), {
    backend: "software",
    dir: "/k",
    passphrase: new TextEncoder().encode("correct horse"),
  });
  assert.deepEqual(keystoreConfig({ backend: "tpm", tcti: "device:/dev/tpmrm0" }), {
    backend: "tpm",
    tcti: "device:/dev/tpmrm0",
  });
  using store = openConfiguredKeystore(pq, { backend: "software", dir: join(dir.path, "keys"), passphraseFile });
  assert.equal(store.backend, "software");
  const root = store.currentRoot();
  assert.equal(root.sequence, 1);
  throwsStatus(
    () => openConfiguredKeystore(pq, { backend: "software", dir: join(dir.path, "keys"), passphraseFile: undefined }),
    "KEYSTORE_CONFIG",
  );
});
