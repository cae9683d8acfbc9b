/**
 * The secret scan every hygiene test uses: named byte sources (responses, log text, database
 * cells, files, process memory) searched for secrets in every form a leak could take.
 *
 * Forms: the raw bytes; lower- and upper-case hex; base64 and base64url at each of the three
 * alignments a secret can have inside a longer encoded blob (only the characters that depend on
 * the secret alone, so a secret embedded at any offset is still found); and each text form in
 * UTF-16LE too, the layout of two-byte JavaScript strings in a heap.
 *
 * One pass per source whatever the number of secrets: a rolling 4-byte window is checked
 * against a small hash filter of every form's first four bytes, so scanning hundreds of
 * megabytes of process memory takes seconds, not minutes.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";

/** A named run of bytes to search: a response, a log, a database cell, a file, a memory chunk. */
export interface ByteSource {
  readonly where: string;
  readonly bytes: Uint8Array;
}

/** One secret found: its label, the form it was in, and the source. */
export interface Finding {
  readonly secret: string;
  readonly form: string;
  readonly where: string;
}

/** One searchable form of a secret. */
interface Form {
  readonly secret: string;
  readonly form: string;
  readonly bytes: Uint8Array;
}

/** The shortest secret worth searching for: shorter ones match by chance. */
const MIN_SECRET_BYTES = 8;

/** The base64 characters of `secret` placed `offset` (0–2) bytes into a group, as `alphabet`. */
function base64Core(secret: Uint8Array, offset: number, alphabet: "base64" | "base64url"): string {
  const padded = Buffer.concat([Buffer.alloc(offset), secret]);
  const text = padded.toString(alphabet).replace(/=+$/, "");
  // Characters that mix in bytes before or after the secret are dropped: a leading group
  // shared with the prefix keeps its last 2 (offset 1) or 1 (offset 2) characters; a trailing
  // partial group keeps only the characters made wholly of the secret's bits.
  const start = [0, 2, 3][offset] ?? 0;
  const whole = Math.floor(padded.length / 3) * 4 + (padded.length % 3);
  return text.slice(start, whole);
}

/** Whether every byte is printable ASCII (a text secret such as a password or token). */
function isText(bytes: Uint8Array): boolean {
  return bytes.every((b) => b >= 0x20 && b < 0x7f);
}

/** Every form of `secret` the scan looks for, labelled, duplicates removed. */
export function secretForms(label: string, secret: Uint8Array): Form[] {
  if (secret.length < MIN_SECRET_BYTES) throw new Error(`${label} is too short to search for meaningfully`);
  const hex = Buffer.from(secret).toString("hex");
  const text: [string, string][] = [["hex", hex], ["HEX", hex.toUpperCase()]];
  for (const alphabet of ["base64", "base64url"] as const) {
    for (const offset of [0, 1, 2]) text.push([`${alphabet}@${offset}`, base64Core(secret, offset, alphabet)]);
  }
  const forms: Form[] = [{ secret: label, form: "raw", bytes: secret }];
  for (const [name, value] of text) forms.push({ secret: label, form: name, bytes: Buffer.from(value, "latin1") });
  if (isText(secret)) text.push(["text", Buffer.from(secret).toString("latin1")]);
  for (const [name, value] of text) {
    forms.push({ secret: label, form: `utf16:${name}`, bytes: Buffer.from(value, "utf16le") });
  }
  const distinct = new Map(forms.map((f) => [Buffer.from(f.bytes).toString("hex"), f]));
  return [...distinct.values()];
}

/** The first four bytes of `bytes` at `at` as one number (byte `at` lowest), as the scan rolls them. */
function window4(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | (bytes[at + 1] ?? 0) << 8 | (bytes[at + 2] ?? 0) << 16 | (bytes[at + 3] ?? 0) << 24) >>> 0;
}

const FILTER_BITS = 20;

function filterSlot(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS);
}

/** Searches sources for a fixed set of secrets, in every form of {@link secretForms}. */
export class SecretScanner {
  /** The longest form in bytes: chunked sources must overlap by this much less one. */
  readonly longest: number;
  readonly #byWindow = new Map<number, Form[]>();
  readonly #filter = new Uint32Array((1 << FILTER_BITS) / 32);

  constructor(secrets: Readonly<Record<string, Uint8Array>>) {
    let longest = 0;
    for (const [label, secret] of Object.entries(secrets)) {
      for (const form of secretForms(label, secret)) {
        const key = window4(form.bytes, 0);
        const slot = filterSlot(key);
        this.#filter[slot >>> 5] = (this.#filter[slot >>> 5] ?? 0) | (1 << (slot & 31));
        this.#byWindow.set(key, [...(this.#byWindow.get(key) ?? []), form]);
        longest = Math.max(longest, form.bytes.length);
      }
    }
    this.longest = longest;
  }

  /** Every (secret, form) occurring in `source`, once each. */
  find(source: ByteSource): Finding[] {
    const bytes = source.bytes;
    const filter = this.#filter;
    const found = new Map<string, Finding>();
    let key = 0;
    for (let i = 0; i < bytes.length; i++) {
      key = ((key >>> 8) | ((bytes[i] as number) << 24)) >>> 0;
      if (i < 3) continue;
      const slot = filterSlot(key);
      if (((filter[slot >>> 5] as number) & (1 << (slot & 31))) === 0) continue;
      for (const form of this.#byWindow.get(key) ?? []) {
        if (!occursAt(bytes, i - 3, form.bytes)) continue;
        const id = `${form.secret}\u0000${form.form}`;
        if (!found.has(id)) found.set(id, { secret: form.secret, form: form.form, where: source.where });
      }
    }
    return [...found.values()];
  }

  /**
   * {@link find} over one source read in consecutive `chunks` (a chunk's memory may be reused
   * once the next is asked for): each chunk's tail is carried into the next, so a secret
   * across a seam is found.
   */
  findChunked(where: string, chunks: Iterable<Uint8Array>): Finding[] {
    const found = new Map<string, Finding>();
    let carried: Uint8Array = new Uint8Array(0);
    for (const chunk of chunks) {
      const joined = Buffer.concat([carried, chunk]);
      for (const finding of this.find({ where, bytes: joined })) {
        found.set(`${finding.secret}\u0000${finding.form}`, finding);
      }
      carried = joined.subarray(Math.max(0, joined.length - (this.longest - 1)));
    }
    return [...found.values()];
  }

  /** {@link find} over many sources. */
  findAll(sources: Iterable<ByteSource>): Finding[] {
    const findings: Finding[] = [];
    for (const source of sources) findings.push(...this.find(source));
    return findings;
  }
}

function occursAt(haystack: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let j = 4; j < needle.length; j++) if (haystack[at + j] !== needle[j]) return false;
  return true;
}

/** Where any of `secrets` (by label) occurs in `sources`, in any form, as `label in where`; empty when none does. */
export function findSecrets(
  sources: readonly ByteSource[],
  secrets: Readonly<Record<string, Uint8Array>>,
): string[] {
  const findings = new SecretScanner(secrets).findAll(sources);
  return [...new Set(findings.map((f) => `${f.secret} in ${f.where}`))];
}

/** Every cell of every table in the database, as bytes (text as UTF-8), with where it was found. */
export async function dumpDatabase(db: Database): Promise<ByteSource[]> {
  const rowsOf = (result: unknown) =>
    (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  const tables = rowsOf(
    await db.execute(sql`select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`),
  );
  const cells: ByteSource[] = [];
  for (const t of tables) {
    const name = `"${String(t.table_schema)}"."${String(t.table_name)}"`;
    for (const row of rowsOf(await db.execute(sql.raw(`select * from ${name}`)))) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const bytes = value instanceof Uint8Array
          ? value
          : Buffer.from(typeof value === "string" ? value : JSON.stringify(value));
        cells.push({ where: `${name}.${column}`, bytes });
      }
    }
  }
  return cells;
}

/** Every regular file under `dir`, named by its path relative to `dir`. */
export function filesUnder(dir: string): ByteSource[] {
  const files: ByteSource[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, entry);
    if (statSync(path).isFile()) files.push({ where: `file ${relative(dir, path)}`, bytes: readFileSync(path) });
  }
  return files;
}
