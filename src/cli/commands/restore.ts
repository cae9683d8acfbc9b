/**
 * `cli restore FILE`: loads a backup into an empty database (every table empty; a missing
 * PGlite directory is created), in one transaction, then verifies the audit chain. With the
 * same root keys available (the software keystore folder restored, or the same device), keys
 * work again as before.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { CliError, EXIT, positional } from "../args.ts";
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  checksum,
  decodeRow,
  migrationTags,
} from "../backup-format.ts";
import { type Command, print, withContext } from "../command.ts";
import { describeVerdict } from "./audit.ts";
import { DUMP_TABLE_NAMES, type DumpRow, loadRows } from "../../db/backup.ts";

/** The `restore` command. */
export const restoreCommand: Command = {
  name: "restore",
  summary: "load a backup file into an empty database",
  usage: `usage:
  cli restore FILE    into the configured database, which must be empty (a new PGlite folder is fine)
Exit 65 for a damaged or foreign file, 1 when the database is not empty or the restored audit
chain does not verify. Restore the root keys (software keystore folder) before using the keys.`,
  options: [],
  run: (args) => {
    const file = positional(args, 0, "backup file");
    const backup = readBackup(file);
    return withContext(async (ctx) => {
      const restored = await loadRows(ctx.db, backup.rows);
      if (restored !== undefined) {
        console.error(restored);
        return EXIT.FAILED;
      }
      const verdict = await ctx.audit.verify();
      console.error(describeVerdict(verdict));
      if (!verdict.ok) return EXIT.FAILED;
      await ctx.record("backup.restore");
      print({ file, schema: backup.header.schema, counts: backup.header.counts });
      return EXIT.OK;
    }, { createDatabase: true });
  },
};

/** A parsed, checked backup file. */
interface Backup {
  readonly header: BackupHeader;
  readonly rows: ReadonlyMap<string, DumpRow[]>;
}

function readBackup(file: string): Backup {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.NOINPUT);
  }
  const damaged = (why: string) => new CliError(`${file} is not a usable pqgate backup: ${why}`, EXIT.DATAERR);
  const lines = text.split("\n").filter((line) => line !== "");
  const trailer = parse(lines.at(-1), damaged) as { end?: unknown; sha256?: unknown };
  const body = lines.slice(0, -1);
  if (trailer.end !== true || trailer.sha256 !== checksum(body)) throw damaged("checksum mismatch or truncated");
  const header = parse(body[0], damaged) as BackupHeader;
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) throw damaged("unknown format");
  if (!migrationTags().includes(header.schema)) {
    throw damaged(`made by a newer schema (${header.schema}) than this build knows; upgrade first`);
  }
  const known = new Set(DUMP_TABLE_NAMES);
  const rows = new Map<string, DumpRow[]>();
  for (const line of body.slice(1)) {
    const decoded = decodeRow(line);
    if (decoded === undefined || !known.has(decoded.table)) throw damaged("a row of an unknown table");
    rows.set(decoded.table, [...(rows.get(decoded.table) ?? []), decoded.row]);
  }
  for (const name of DUMP_TABLE_NAMES) {
    if ((rows.get(name)?.length ?? 0) !== (header.counts[name] ?? 0)) throw damaged(`row count of ${name}`);
  }
  return { header, rows };
}

function parse(line: string | undefined, damaged: (why: string) => CliError): unknown {
  try {
    return JSON.parse(line ?? "");
  } catch {
    throw damaged("not JSON lines");
  }
}
