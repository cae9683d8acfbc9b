/**
 * `cli audit verify`: recomputes the audit log's hash chain in the configured database.
 * Exit 0 intact, 1 broken (the first broken seq is printed).
 *
 * @module
 */

import { toBase64Url } from "../../common/base64url.ts";
import type { AuditVerdict } from "../../services/audit/audit-service.ts";
import { CliError, EXIT, positional } from "../args.ts";
import { type Command, withContext } from "../command.ts";

/** The `audit` command. */
export const auditCommand: Command = {
  name: "audit",
  summary: "verify the audit log's hash chain",
  usage: `usage:
  cli audit verify    exit 0 when the chain is intact (prints rows and head), 1 when broken
Keep the printed head elsewhere: rows cut from the end leave no break in the chain. Rows
before the chain key existed are reported as an unauthenticated prefix (docs/AUDIT.md).`,
  options: [],
  run: (args) => {
    const sub = positional(args, 0, "audit subcommand (verify)");
    if (sub !== "verify") throw new CliError(`unknown audit subcommand ${sub}`, EXIT.USAGE);
    return withContext(async (ctx) => {
      const verdict = await ctx.audit.verify();
      console.log(describeVerdict(verdict));
      return verdict.ok ? EXIT.OK : EXIT.FAILED;
    });
  },
};

/** One line for operators. */
export function describeVerdict(verdict: AuditVerdict): string {
  if (!verdict.ok) {
    return `audit log BROKEN at seq ${verdict.firstBrokenSeq}: ${verdict.reason} (${verdict.rows} rows verified before it)`;
  }
  const head = verdict.head === null ? "" : `, head ${toBase64Url(verdict.head)}`;
  const prefix = verdict.unauthenticatedThrough === 0
    ? ""
    : `, unauthenticated prefix up to row ${verdict.unauthenticatedThrough}` +
      (verdict.authenticatedFrom === null ? " (no chain key yet)" : "");
  return `audit log intact: ${verdict.rows} rows${head}${prefix}`;
}
