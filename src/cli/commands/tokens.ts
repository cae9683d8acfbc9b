/**
 * `cli tokens create|list|revoke`: API tokens, as the `/v1/tokens` routes manage them, for an
 * operator without a token (a lost admin token, a new tenant's first token).
 *
 * @module
 */

import { isUuid } from "../../common/uuid.ts";
import { CreateTokenBody } from "../../routes/tokens/tokens.schemas.ts";
import { TokenService } from "../../services/auth/token-service.ts";
import { AuthError } from "../../services/auth/errors.ts";
import { systemClock } from "../../common/clock.ts";
import { type Args, CliError, EXIT, positional } from "../args.ts";
import { type Command, print, withContext } from "../command.ts";

/** The `tokens` command. */
export const tokensCommand: Command = {
  name: "tokens",
  summary: "create, list and revoke API tokens",
  usage: `usage:
  cli tokens create --name NAME --scopes SCOPE[,SCOPE…]|all [--key-pattern PATTERN] [--sync-account ID]
                    [--ttl-seconds N | --expires-at ISO-8601] [--owner OWNER]
      prints the token as JSON, with its secret (shown once, never stored); --sync-account (needs the
      sync:device scope) scopes a device token to that sync account of the owner; a token without
      tokens:admin expires within PQGATE_TOKEN_MAX_TTL (default 90 days: exactly then when not given),
      an admin token without --ttl-seconds or --expires-at never expires
  cli tokens list [--owner OWNER]        one JSON line per token (no secrets)
  cli tokens revoke ID [--owner OWNER]   exit 1 when the owner has no such live token; unlike the API, it
      revokes the owner's last tokens:admin token too (an operator's decision), with a warning
OWNER is the tenant ('' by default, the single-tenant owner).`,
  options: ["name", "scopes", "key-pattern", "sync-account", "ttl-seconds", "expires-at", "owner"],
  run: (args) =>
    withContext(async (ctx) => {
      const tokens = new TokenService(ctx.db, ctx.pq, systemClock, undefined, {
        maxTtlSeconds: ctx.config.auth.tokenMaxTtlSeconds,
      });
      const owner = args.options.owner ?? "";
      switch (positional(args, 0, "tokens subcommand (create, list, revoke)")) {
        case "create": {
          const created = await tokens.create(owner, newToken(args)).catch((error: unknown) => {
            if (error instanceof AuthError) throw new CliError(error.message, EXIT.USAGE);
            throw error;
          });
          await ctx.record("tokens.create", { owner });
          print(created);
          return EXIT.OK;
        }
        case "list":
          for (const token of await tokens.list(owner)) print(token);
          return EXIT.OK;
        case "revoke": {
          const id = positional(args, 1, "token id");
          if (!isUuid(id) || !(await tokens.revoke(owner, id))) {
            console.error(`no live token ${id} for owner '${owner}'`);
            return EXIT.FAILED;
          }
          await ctx.record("tokens.revoke", { owner });
          print({ revoked: id });
          const admins = (await tokens.list(owner)).filter((t) =>
            t.revokedAt === null && t.scopes.includes("tokens:admin")
          );
          if (admins.length === 0) {
            console.error(
              `warning: owner '${owner}' has no live tokens:admin token left; only this CLI manages its tokens`,
            );
          }
          return EXIT.OK;
        }
        default:
          throw new CliError(`unknown tokens subcommand ${args.positionals[0]}`, EXIT.USAGE);
      }
    }),
};

/** The token to create, validated by the same contract as `POST /v1/tokens`. */
function newToken(args: Args) {
  const scopes = args.options.scopes;
  if (args.options.name === undefined || scopes === undefined) {
    throw new CliError("tokens create needs --name and --scopes", EXIT.USAGE);
  }
  const parsed = CreateTokenBody.safeParse({
    name: args.options.name,
    scopes: scopes === "all" ? CreateTokenBody.shape.scopes.element.options : scopes.split(","),
    ...(args.options["key-pattern"] === undefined ? {} : { keyPattern: args.options["key-pattern"] }),
    ...(args.options["sync-account"] === undefined ? {} : { syncAccount: args.options["sync-account"] }),
    ...(args.options["ttl-seconds"] === undefined ? {} : { ttlSeconds: Number(args.options["ttl-seconds"]) }),
    ...(args.options["expires-at"] === undefined ? {} : { expiresAt: args.options["expires-at"] }),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new CliError(`invalid token: ${issues.join("; ")}`, EXIT.USAGE);
  }
  const { expiresAt, ...input } = parsed.data;
  return { ...input, ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt) }) };
}
