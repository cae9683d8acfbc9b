// The Dockerfile read and checked against the rest of the repository (test/ops/image.system.test.ts
// builds it and runs the image):
// the Rust build is scripts/setup.sh's, the library lands where PQGATE_LIB and the binding look,
// the port, user, volume and health check agree with the config module and the routes, and
// the `docker build` / `docker run` commands of docs/DEPLOYMENT.md use the same build args,
// volume and port.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "../support/harness.ts";
import assert from "../support/assert.ts";
import { CONFIG_VARIABLES, parseConfig } from "../../src/config.ts";
import { createApp } from "../../src/app.ts";
import { loadPqgate } from "../../ffi/mod.ts";
import { libraryFileName } from "../../ffi/library-path.ts";
import { REFERENCE_BUNDLE_PATH } from "../../src/http/docs-assets.ts";

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(repo(path), "utf8");

/** One Dockerfile instruction, continuation lines joined, comments dropped. */
interface Instruction {
  readonly stage: string;
  readonly keyword: string;
  readonly args: string;
}

function parseDockerfile(text: string): Instruction[] {
  const logical = text.split("\n").filter((line) => !/^\s*#/.test(line)).join("\n").replace(/\\\n/g, " ");
  const out: Instruction[] = [];
  let stage = "(global)";
  for (const line of logical.split("\n").map((l) => l.trim()).filter((l) => l !== "")) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") stage = / AS (\S+)$/i.exec(args)?.[1] ?? "final";
    out.push({ stage, keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " ") });
  }
  return out;
}

const docker = parseDockerfile(read("Dockerfile"));
const setup = read("scripts/setup.sh");
const inStage = (stage: string, keyword: string) =>
  docker.filter((i) => i.stage === stage && i.keyword === keyword).map((i) => i.args);
const one = (values: string[], what: string): string => {
  assert.equal(values.length, 1, `exactly one ${what}: ${JSON.stringify(values)}`);
  return values[0] ?? "";
};

/** `NAME=value` pairs of the final stage's ENV instructions. */
function finalEnv(): Map<string, string> {
  const env = new Map<string, string>();
  for (const args of inStage("final", "ENV")) {
    for (const [, name = "", value = ""] of args.matchAll(/(\w+)=(\S+)/g)) env.set(name, value);
  }
  return env;
}

test("the Rust library is built by setup.sh's command, with its packages and a new enough Rust", () => {
  const setupCommand = /\(cd rust && (cargo build --release) "\$\{locked\[@\]\}"\)/.exec(setup)?.[1];
  assert.equal(setupCommand, "cargo build --release");
  assert.match(setup, /if \[\[ "\$\{CI:-\}" == "true" \]\]; then locked=\(--locked\); fi/);
  // The image builds as CI does: exactly the committed Cargo.lock.
  assert.equal(
    one(inStage("native", "RUN").filter((r) => r.includes("cargo")), "cargo RUN"),
    `${setupCommand} --locked`,
  );
  assert.match(one(inStage("native", "WORKDIR"), "native WORKDIR"), /\/rust$/);
  const aptInSetup = /APT_PACKAGES=\(([^)]*)\)/.exec(setup)?.[1]?.split(/\s+/) ?? [];
  const aptInImage = /apt-get install -y --no-install-recommends ([^&]+)/.exec(inStage("native", "RUN").join(" "))?.[1]
    ?.trim().split(" ") ?? [];
  assert.ok(aptInImage.length > 0);
  for (const pkg of aptInImage) assert.ok(aptInSetup.includes(pkg), `${pkg} is one of setup.sh's packages`);
  const rustImage = /^rust:(\d+)\.(\d+)-slim-bookworm AS native$/.exec(one(inStage("native", "FROM"), "FROM"));
  const [, major, minor] = /rust-version = "(\d+)\.(\d+)"/.exec(read("rust/Cargo.toml")) ?? [];
  assert.ok(rustImage !== null && major !== undefined);
  assert.ok(Number(rustImage[1]) * 1000 + Number(rustImage[2]) >= Number(major) * 1000 + Number(minor));
});

test("npm ci from the lockfile, one runtime per RUNTIME build argument, both entry points exist", () => {
  assert.equal(one(inStage("(global)", "ARG"), "global ARG"), "RUNTIME=deno");
  assert.deepEqual(inStage("deps", "COPY"), ["package.json package-lock.json ./"]);
  const deps = inStage("deps", "RUN").join(" ");
  assert.match(deps, /npm ci --no-audit --no-fund/);
  for (const runtime of ["deno", "bun"]) {
    assert.match(deps, new RegExp(`${runtime}\\) cp node_modules/${runtime}/`));
    assert.ok(existsSync(repo(`src/serve/${runtime}.ts`)));
  }
  assert.equal(finalEnv().get("PQGATE_RUNTIME"), "${RUNTIME}");
  // The container runs Deno with the grants of `deno task serve`.
  const serveTask = JSON.parse(read("deno.json")).tasks.serve.command as string;
  const grants = (text: string) => [...text.matchAll(/--allow-\w+/g)].map((m) => m[0]).join(" ");
  assert.equal(grants(/deno\) exec deno run (.*)$/m.exec(read("scripts/container.sh"))?.[1] ?? ""), grants(serveTask));
});

test("the /docs renderer's bundle survives the prune of the development dependencies, where the app reads it", () => {
  const deps = inStage("deps", "RUN").join(" ");
  assert.equal(/ reference=(\S+) /.exec(deps)?.[1], REFERENCE_BUNDLE_PATH);
  const kept = deps.indexOf('cp "$reference" /out/reference.js');
  const pruned = deps.indexOf("npm prune --omit=dev");
  const restored = deps.indexOf('mv /out/reference.js "$reference"');
  assert.ok(kept >= 0 && kept < pruned && pruned < restored, "copied out before the prune, back after it");
  assert.ok(inStage("final", "COPY").includes("--from=deps /app/node_modules ./node_modules"));
  const pin = JSON.parse(read("package.json")).devDependencies["@scalar/api-reference"];
  assert.match(pin, /^\d+\.\d+\.\d+$/, "pinned exactly");
});

test("the library lands where PQGATE_LIB and the binding's default path point", () => {
  const workdir = one(inStage("native", "WORKDIR"), "native WORKDIR");
  const copy = inStage("final", "COPY").find((c) => c.startsWith("--from=native "));
  const [, source, destination] = /^--from=native (\S+) (\S+)$/.exec(copy ?? "") ?? [];
  assert.equal(source, `${workdir}/target/release/${libraryFileName("linux")}`);
  assert.equal(finalEnv().get("PQGATE_LIB"), destination);
  const appDir = one(inStage("final", "WORKDIR"), "final WORKDIR");
  assert.equal(destination, `${appDir}/rust/target/release/${libraryFileName("linux")}`);
});

test("port, user, volume and health check agree with the config module and the routes", async () => {
  const defaults = parseConfig({});
  assert.equal(one(inStage("final", "EXPOSE"), "EXPOSE"), String(defaults.port));
  const env = finalEnv();
  assert.equal(env.get("PORT"), String(defaults.port));
  assert.equal(env.get("HOSTNAME"), "0.0.0.0", "reachable from outside the container");
  for (const name of env.keys()) {
    if (name.startsWith("PQGATE_") && name !== "PQGATE_RUNTIME") {
      assert.ok((CONFIG_VARIABLES as readonly string[]).includes(name), `${name} is a configuration variable`);
    }
  }
  const user = one(inStage("final", "USER"), "USER");
  const [uid, gid] = user.split(":");
  assert.ok(Number(uid) > 0 && Number(gid) > 0, `USER ${user} is not root`);
  assert.match(inStage("final", "RUN").join(" "), new RegExp(`useradd --system --uid ${uid} --gid ${gid} `));
  const volume = JSON.parse(one(inStage("final", "VOLUME"), "VOLUME")) as string[];
  assert.deepEqual(volume, ["/data", "/keystore"]);
  // All state follows PQGATE_DATA_DIR into the volume, except the software root key, which is on
  // its own mount: a copy of /data never holds it.
  assert.equal(env.get("PQGATE_DATA_DIR"), "/data");
  assert.ok(!env.has("PQGATE_DB_DIR") && !env.has("PQGATE_INITIAL_TOKEN_OUT"), "they default from PQGATE_DATA_DIR");
  const image = parseConfig(Object.fromEntries(env));
  assert.ok(image.database.dataDir.startsWith("/data/"), "the database is in the volume");
  assert.ok(image.auth.initialTokenOut.startsWith("/data/"), "the first token is in the volume");
  assert.deepEqual(image.keystore, { backend: "software", dir: "/keystore", passphraseFile: undefined });
  assert.match(inStage("final", "RUN").join(" "), /chown 10001:10001 \/data \/keystore/);
  assert.match(
    one(inStage("final", "HEALTHCHECK"), "HEALTHCHECK"),
    /CMD \["\/app\/scripts\/container.sh", "healthcheck"\]$/,
  );
  // Over HTTP or, with TLS configured, HTTPS (test/serve/tls.system.test.ts runs it so).
  const probe = /:\/\/127\.0\.0\.1:\$\{port\}(\/\w+)`/.exec(read("src/serve/healthcheck.ts"))?.[1];
  assert.equal(probe, "/readyz");
  const app = createApp({ native: loadPqgate() });
  assert.equal((await app.request(probe)).status, 200, "the probed route exists and answers");
});

test(".dockerignore keeps host builds out and every copied path in", () => {
  const ignored = read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  for (const path of ["node_modules", "rust/target", ".git", ".pqgate-data"]) assert.ok(ignored.includes(path), path);
  const copied = docker.filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from="))
    .flatMap((i) => i.args.split(" ").slice(0, -1));
  assert.ok(copied.length >= 8);
  for (const source of copied) {
    const path = source.replace(/\/$/, "");
    assert.ok(existsSync(repo(path)), `${path} exists`);
    assert.ok(!ignored.some((pattern) => path === pattern || path.startsWith(`${pattern}/`)), `${path} is sent`);
  }
});

test("docs/DEPLOYMENT.md's docker build and docker run use the Dockerfile's build args, volume and port", () => {
  const section = read("docs/DEPLOYMENT.md");
  const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]?.replace(/\\\n\s*/g, " ") ?? "")
    .join("\n").split("\n");
  const builds = commands.filter((c) => c.startsWith("docker build "));
  const runs = commands.filter((c) => c.startsWith("docker run "));
  assert.ok(builds.length >= 2 && runs.filter((run) => / -p /.test(run)).length >= 2, section);
  const args = inStage("(global)", "ARG").map((a) => a.split("=")[0]);
  const builtTags = new Set<string>();
  const runtimes = new Set<string>();
  for (const build of builds) {
    for (const [, name = "", value = ""] of build.matchAll(/--build-arg (\w+)=(\S+)/g)) {
      assert.ok(args.includes(name), `--build-arg ${name} is an ARG`);
      if (name === "RUNTIME") runtimes.add(value);
    }
    builtTags.add(/ -t (\S+)/.exec(build)?.[1] ?? "");
    assert.match(build, / \.$/, "built from the repository root");
  }
  assert.deepEqual([...runtimes].sort(), ["bun", "deno"]);
  const port = one(inStage("final", "EXPOSE"), "EXPOSE");
  const [volume, keystoreVolume] = JSON.parse(one(inStage("final", "VOLUME"), "VOLUME")) as string[];
  for (const run of runs) {
    assert.match(run, / --read-only /);
    assert.match(run, / --tmpfs \/tmp(:\S+)? /);
    // Servers publish the exposed port; one-off CLI runs (`… IMAGE cli …`) publish none.
    const published = / -p (?:[\d.]+:)?\d+:(\d+) /.exec(run)?.[1];
    assert.ok(published === port || (published === undefined && / cli /.test(run)), run);
    assert.equal(/ -v \S+:(\/\S+?)(?::\w+)? /.exec(run)?.[1], volume);
    // The software keystore (no PQGATE_KEYSTORE=…) gets its own volume, never a folder of /data.
    if (!/ -e PQGATE_KEYSTORE=/.test(run)) {
      const keys = new RegExp(` -v (\\S+):${keystoreVolume}(?::\\w+)? `).exec(run)?.[1];
      assert.ok(keys !== undefined, `${run} mounts ${keystoreVolume}`);
      assert.notEqual(keys, new RegExp(` -v (\\S+):${volume}(?::\\w+)? `).exec(run)?.[1], "not the data volume");
      assert.doesNotMatch(run, / -e PQGATE_KEYSTORE_DIR=\/data/, run);
    }
    for (const [, name = ""] of run.matchAll(/ -e (\w+)=/g)) {
      assert.ok((CONFIG_VARIABLES as readonly string[]).includes(name), `-e ${name} is a configuration variable`);
    }
    const image = run.split(" ").find((word) => builtTags.has(word));
    assert.ok(image !== undefined, `${run} runs an image docs/DEPLOYMENT.md builds`);
  }
});
