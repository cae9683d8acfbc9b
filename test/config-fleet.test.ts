// PQGATE_KEYSTORE=tpm-fleet (docs/FLEET.md) needs this node's TPM and its name in the fleet.

import { test } from "./support/harness.ts";
import assert from "./support/assert.ts";
import { CONFIG_VARIABLES, ConfigError, parseConfig } from "../src/config.ts";

test("tpm-fleet takes the TPM's TCTI and the node name, requires both, and checks the name", () => {
  assert.deepEqual(
    parseConfig({ PQGATE_KEYSTORE: "tpm-fleet", PQGATE_TPM_TCTI: "device:/dev/tpmrm0", PQGATE_FLEET_NODE: "edge-07" })
      .keystore,
    { backend: "tpm-fleet", tcti: "device:/dev/tpmrm0", node: "edge-07" },
  );
  assert.ok(CONFIG_VARIABLES.includes("PQGATE_FLEET_NODE"));
  assert.throws(
    () => parseConfig({ PQGATE_KEYSTORE: "tpm-fleet" }),
    (e: unknown) =>
      e instanceof ConfigError && /PQGATE_TPM_TCTI/.test(e.message) && /PQGATE_FLEET_NODE/.test(e.message),
  );
  for (const name of ["-lead", "a b", "x".repeat(64), "node/1"]) {
    assert.throws(
      () =>
        parseConfig({ PQGATE_KEYSTORE: "tpm-fleet", PQGATE_TPM_TCTI: "device:/dev/tpmrm0", PQGATE_FLEET_NODE: name }),
      (e: unknown) => e instanceof ConfigError && /PQGATE_FLEET_NODE/.test(e.message),
      name,
    );
  }
});
