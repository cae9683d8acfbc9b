// Configuration from the environment: defaults, valid values and fail-fast errors.

import { test } from "./support/harness.ts";
import assert from "./support/assert.ts";
import { CONFIG_VARIABLES, ConfigError, parseConfig, pickEnv } from "../src/config.ts";

test("an empty environment gives the defaults", () => {
  assert.deepEqual(parseConfig({}), { port: 8080, hostname: "127.0.0.1", libraryPath: undefined });
});

test("empty variables count as unset", () => {
  assert.deepEqual(parseConfig({ PORT: "", HOSTNAME: "", PQGATE_LIB: "" }), parseConfig({}));
});

test("valid values are taken", () => {
  assert.deepEqual(parseConfig({ PORT: "0", HOSTNAME: "::1", PQGATE_LIB: "/opt/libpqgate.so" }), {
    port: 0,
    hostname: "::1",
    libraryPath: "/opt/libpqgate.so",
  });
});

test("bad values fail with one line per variable", () => {
  for (const port of ["http", "80.5", "0x50", " 80", "65536", "-1"]) {
    assert.throws(
      () => parseConfig({ PORT: port }),
      (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message),
    );
  }
  assert.throws(
    () => parseConfig({ PORT: "x", HOSTNAME: "a b" }),
    (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message) && /HOSTNAME/.test(e.message),
  );
});

test("pickEnv reads exactly the configuration variables", () => {
  const asked: string[] = [];
  const env = pickEnv((name) => {
    asked.push(name);
    return name === "PORT" ? "9000" : undefined;
  });
  assert.deepEqual(asked, [...CONFIG_VARIABLES]);
  assert.equal(parseConfig(env).port, 9000);
});
