/**
 * What a test does when something it needs from outside the repository is missing (the shared
 * test vectors, a Debian package such as Chromium): under `CI=true` it fails, so CI can never
 * pass by skipping; elsewhere it prints one `SKIPPED <what>: …` line and the caller returns.
 *
 * @module
 */

import process from "node:process";

/**
 * Reports a missing prerequisite: `what` names the check that cannot run, `detail` what is
 * missing, `hint` how to provide it.
 *
 * @throws {Error} under `CI=true`.
 */
export function missingPrerequisite(what: string, detail: string, hint: string): void {
  if (process.env.CI === "true") throw new Error(`${what}: ${detail} (CI=true, so this fails; ${hint})`);
  console.log(`SKIPPED ${what}: ${detail} (${hint})`);
}
