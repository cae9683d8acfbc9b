/**
 * `cli backup FILE`: every database row (keys and their wrapped envelopes, tokens as hashes,
 * the audit log) to a new file (mode 0600; an existing file is never overwritten). No key is
 * ever unwrapped: the file holds what the database holds.
 *
 * Root keys are not in it. With the software keystore, back up `PQGATE_KEYSTORE_DIR` (and the
 * passphrase) separately; TPM and PKCS#11 roots stay in their device (an HSM's own backup or
 * cloning procedure, or re-importing keys into a new device, is the operator's).
 *
 * @module
 */

import { writeFileSync } from "node:fs";
import { CliError, EXIT, positional } from "../args.ts";
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  checksum,
  encodeRow,
  migrationTags,
} from "../backup-format.ts";
import { type Command, print, withContext } from "../command.ts";
import { dumpRows } from "../../db/backup.ts";

/** The `backup` command. */
export const backupCommand: Command = {
  name: "backup",
  summary: "write every database row (wrapped keys, token hashes, audit log) to a new file",
  usage: `usage:
  cli backup FILE    FILE must not exist; it is created with mode 0600
Root keys are not included: back up a software keystore's folder (PQGATE_KEYSTORE_DIR) and
passphrase file separately; TPM and PKCS#11 roots never leave their device.`,
  options: [],
  run: (args) => {
    const file = positional(args, 0, "backup file");
    return withContext(async (ctx) => {
      await ctx.record("backup.create");
      const lines: string[] = [];
      const counts: Record<string, number> = {};
      for await (const { table, rows } of dumpRows(ctx.db)) {
        counts[table] = rows.length;
        for (const row of rows) lines.push(encodeRow(table, row));
      }
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        schema: migrationTags().at(-1) ?? "",
        createdAt: new Date().toISOString(),
        counts,
      };
      const all = [JSON.stringify(header), ...lines];
      const text = `${[...all, JSON.stringify({ end: true, sha256: checksum(all) })].join("\n")}\n`;
      try {
        writeFileSync(file, text, { mode: 0o600, flag: "wx" });
      } catch (error) {
        throw new CliError(`cannot create ${file}: ${(error as Error).message}`, EXIT.CANTCREAT);
      }
      print({ file, schema: header.schema, counts });
      return EXIT.OK;
    });
  },
};
