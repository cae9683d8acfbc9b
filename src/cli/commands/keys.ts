/**
 * `cli keys list|rotate|schedule-delete`: the key operations an operator runs without a token.
 * Rotation and deletion go through `KeyService`, exactly as the HTTP routes do.
 *
 * @module
 */

import { ScheduleDeletionBody } from "../../routes/keys/keys.schemas.ts";
import { KeyCache } from "../../services/keys/key-cache.ts";
import { KeyError } from "../../services/keys/errors.ts";
import { KeyService, type KeyView } from "../../services/keys/key-service.ts";
import { systemClock } from "../../common/clock.ts";
import { CliError, EXIT, positional } from "../args.ts";
import { type Command, print, withContext } from "../command.ts";

const PAGE = 100;

/** The `keys` command. */
export const keysCommand: Command = {
  name: "keys",
  summary: "list keys, rotate a key, schedule a key's deletion",
  usage: `usage:
  cli keys list [--owner OWNER]                 one JSON line per key (metadata, no key material)
  cli keys rotate NAME [--owner OWNER]          adds a new latest version
  cli keys schedule-delete NAME [--grace-seconds N] [--owner OWNER]
      N from 60 to 7776000 (90 days), default 604800 (7 days); the key must allow deletion
Exit 1 when the key does not exist or refuses the operation.`,
  options: ["owner", "grace-seconds"],
  run: (args) =>
    withContext(async (ctx) => {
      using cache = new KeyCache(1);
      const keys = new KeyService({ db: ctx.db, pq: ctx.pq, keystore: ctx.keystore(), clock: systemClock, cache });
      const owner = args.options.owner ?? "";
      const sub = positional(args, 0, "keys subcommand (list, rotate, schedule-delete)");
      try {
        switch (sub) {
          case "list": {
            let after: string | undefined;
            do {
              const page = await keys.list(owner, { after, limit: PAGE });
              for (const key of page.keys) print(summary(key));
              after = page.next ?? undefined;
            } while (after !== undefined);
            return EXIT.OK;
          }
          case "rotate": {
            const key = await keys.rotate(owner, positional(args, 1, "key name"));
            await ctx.record("keys.rotate", { owner, keyName: key.name, keyVersion: key.latestVersion });
            print(summary(key));
            return EXIT.OK;
          }
          case "schedule-delete": {
            const grace = args.options["grace-seconds"];
            const body = ScheduleDeletionBody.safeParse(grace === undefined ? {} : { graceSeconds: Number(grace) });
            if (!body.success) throw new CliError("--grace-seconds must be an integer from 60 to 7776000", EXIT.USAGE);
            const key = await keys.scheduleDeletion(owner, positional(args, 1, "key name"), body.data.graceSeconds);
            await ctx.record("keys.schedule-deletion", { owner, keyName: key.name });
            print(summary(key));
            return EXIT.OK;
          }
          default:
            throw new CliError(`unknown keys subcommand ${sub}`, EXIT.USAGE);
        }
      } catch (error) {
        if (!(error instanceof KeyError)) throw error;
        console.error(`${error.kind}: ${error.message}`);
        return EXIT.FAILED;
      }
    }),
};

/** A key's metadata without its versions' public keys. */
function summary(key: KeyView) {
  const { versions: _, ...rest } = key;
  return rest;
}
