// The candidates table (issue 20): per primitive, today's crate and the candidates measured side
// by side by bench/candidates (its own cargo workspace; `deno task bench:candidates`), with each
// one's assurance and whether it can do what the core needs, and the choice. The figures come
// from bench/candidates/results.json; the assurance and capability text is kept here, next to
// the code that renders it, and summarised in docs/DEPENDENCIES.md.

import { fixed, micros, ratio, table } from "./format.ts";

/** One run of the candidates benchmark as stored in bench/candidates/results.json. */
export interface CandidatesRun {
  readonly date: string;
  readonly machine: string[];
  /** Criterion medians in ns, by `<primitive>/<operation>/<implementation>`. */
  readonly times: Record<string, number>;
}

interface Primitive {
  readonly name: string;
  /** Criterion group. */
  readonly group: string;
  readonly operations: readonly string[];
  /** Implementation ids as the bench names them; the first is today's choice. */
  readonly implementations: readonly string[];
  readonly choice: string;
}

export const PRIMITIVES: readonly Primitive[] = [
  {
    name: "ML-KEM-768",
    group: "ml-kem-768",
    operations: ["keygen", "encaps", "decaps"],
    implementations: ["libcrux", "aws-lc-rs", "rustcrypto"],
    choice: "keep libcrux. aws-lc-rs is faster but cannot do what the core needs: no key generation " +
      "from a given seed `d‖z` (`pq_key_from_seed`, seed-form imports, the ACVP keyGen vectors) and no " +
      "encapsulation with a given `m` (the ACVP encapsulation vectors, `pq_kem_encapsulate_deterministic`); " +
      "it imports the expanded `dk` but then cannot derive its `ek`. RustCrypto is slower",
  },
  {
    name: "ML-DSA-65",
    group: "ml-dsa-65",
    operations: ["keygen", "sign", "verify"],
    implementations: ["libcrux", "aws-lc-rs", "rustcrypto"],
    choice: "keep libcrux. aws-lc-rs is faster but signs only hedged with its own randomness and an " +
      "empty context: no context string, no deterministic variant or caller `rnd` (ACVP sigGen), no " +
      "`sign_internal` (HashML-DSA, ACVP internal groups), no external μ. RustCrypto is slower",
  },
  {
    name: "Ed25519",
    group: "ed25519",
    operations: ["sign", "verify"],
    implementations: ["dalek", "aws-lc-rs"],
    choice: "keep ed25519-dalek for now. aws-lc-rs signs faster and verifies at par; switching signing " +
      "alone is possible (seed import) but brings the C build (see AES-256-GCM); verification stays " +
      "on dalek's `verify_strict`",
  },
  {
    name: "X25519",
    group: "x25519",
    operations: ["agree"],
    implementations: ["dalek", "aws-lc-rs"],
    choice: "keep x25519-dalek for now. aws-lc-rs is faster and can import our 32-byte scalars; the " +
      "cost is the C build (see AES-256-GCM)",
  },
  {
    name: "AES-256-GCM",
    group: "aes-256-gcm",
    operations: ["seal-1KiB", "seal-1MiB"],
    implementations: ["rustcrypto", "aws-lc-rs"],
    choice: "keep RustCrypto for now; aws-lc-rs is the recommended switch (faster at both sizes, same " +
      "nonce/AAD interface, FIPS-validated family) once CI can pay its C build: aws-lc-sys took 106 s " +
      "cold here (2 loaded cores), once per cargo profile (clippy, release, ci tests, ASan fuzz) on a " +
      "CI run already at its 25-minute budget. Not switched in this change",
  },
];

/** Assurance of each implementation, as of the run (kept short; docs/DEPENDENCIES.md has more). */
export const ASSURANCE: Record<string, string> = {
  "libcrux": "formally verified (hax/F*: panic freedom, correctness, secret independence); " +
    "no FIPS 140-3 certificate; Cryspen, active",
  "aws-lc-rs": "AWS-LC: FIPS 140-3 validated module (only the `fips` build, aws-lc-fips-sys; " +
    "benchmarked here is the default build); ML-KEM from mlkem-native (CBMC + HOL Light proofs); AWS, active",
  "rustcrypto": "pure Rust, no formal verification, no FIPS; aes-gcm had an NCC Group audit " +
    "(earlier version); ml-kem/ml-dsa unaudited; RustCrypto, active",
  "dalek": "curve25519-dalek audited (Quarkslab); no FIPS; dalek-cryptography, active",
};

export function candidatesSection(run: CandidatesRun): string {
  const rows: string[][] = [];
  for (const p of PRIMITIVES) {
    const today = p.implementations[0] ?? "";
    for (const op of p.operations) {
      const base = run.times[`${p.group}/${op}/${today}`];
      rows.push([
        `${p.name} ${op}`,
        ...p.implementations.map((impl, i) => {
          const ns = run.times[`${p.group}/${op}/${impl}`];
          return i === 0 ? `${impl} ${micros(ns)}` : `${impl} ${micros(ns)} (${fixed(ratio(ns, base))})`;
        }),
        ...Array(3 - p.implementations.length).fill("—"),
      ]);
    }
  }
  const choices = PRIMITIVES.map((p) => [p.name, p.choice]);
  const assurance = Object.entries(ASSURANCE).map(([impl, text]) => [impl, text]);
  return `## Implementation candidates (issue 20)

\`deno task bench:candidates\` (bench/candidates, its own cargo workspace so neither \`cargo build\` of
rust/ nor CI compiles aws-lc-rs), run on ${run.date}: criterion medians in µs, in one run; in
parentheses the ratio to today's crate (< 1.00 = the candidate is faster). No keygen here runs a
consistency test.

${run.machine.map((line) => `- ${line}`).join("\n")}

${table(["operation", "today", "candidate", "candidate"], rows)}

${table(["implementation", "assurance"], assurance)}

${table(["primitive", "choice"], choices)}`;
}
