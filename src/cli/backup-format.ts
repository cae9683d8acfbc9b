/**
 * The backup file: JSON lines. A header (`format`, `version`, the schema's last migration,
 * row counts), one line per row `{"table": …, "row": …}` in restore order, and a trailer with
 * the SHA-256 of every line before it, so a truncated or damaged file is refused.
 *
 * Rows are the drizzle rows of every table, bytes as `{"$bytes": base64url}` and times as
 * `{"$date": ISO 8601}`. Private keys appear only as the keystore's envelopes (or device
 * references) and tokens only as hashes, exactly as the database holds them; a backup is no
 * more secret than the database, and no less: keep it with the same care (mode 0600).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromBase64Url, toBase64Url } from "../common/base64url.ts";

/** The `format` member of the header. */
export const BACKUP_FORMAT = "pqgate-backup";
/** The `version` member of the header. */
export const BACKUP_VERSION = 1;

/** The first line. */
export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: typeof BACKUP_VERSION;
  /** Tag of the last migration applied when the backup was made (e.g. `0002_audit`). */
  readonly schema: string;
  readonly createdAt: string;
  readonly counts: Readonly<Record<string, number>>;
}

/** The tags of the migrations this build applies, oldest first. */
export function migrationTags(): string[] {
  const journal = fileURLToPath(new URL("../../migrations/meta/_journal.json", import.meta.url));
  const { entries } = JSON.parse(readFileSync(journal, "utf8")) as { entries: { tag: string }[] };
  return entries.map((entry) => entry.tag);
}

/** One row as a line. */
export function encodeRow(table: string, row: unknown): string {
  return JSON.stringify({ table, row }, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return { $bytes: toBase64Url(raw) };
    if (raw instanceof Date) return { $date: raw.toISOString() };
    return value;
  });
}

/** A row line back to `{table, row}`; `undefined` for a malformed line. */
export function decodeRow(line: string): { table: string; row: Record<string, unknown> } | undefined {
  const parsed = JSON.parse(line, (_key, value: unknown) => {
    if (typeof value !== "object" || value === null) return value;
    const tagged = value as { $bytes?: unknown; $date?: unknown };
    if (typeof tagged.$bytes === "string") return fromBase64Url(tagged.$bytes) ?? value;
    if (typeof tagged.$date === "string") return new Date(tagged.$date);
    return value;
  }) as { table?: unknown; row?: unknown };
  if (typeof parsed.table !== "string" || typeof parsed.row !== "object" || parsed.row === null) return undefined;
  return { table: parsed.table, row: parsed.row as Record<string, unknown> };
}

/** SHA-256 (hex) of `lines`, each followed by a newline: the trailer's checksum. */
export function checksum(lines: readonly string[]): string {
  const hash = createHash("sha256");
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest("hex");
}
