/**
 * `cli verify`: the gateway verifies a signature over the input with a named key's public key
 * (`POST /v1/keys/{name}/verify`). Prints the verdict as JSON; exit 0 valid, 1 not valid.
 *
 * @module
 */

import { must } from "../../../client/http/mod.ts";
import type { Command } from "../command.ts";
import {
  connect,
  fileOption,
  GATEWAY_OPTIONS,
  GATEWAY_USAGE,
  input,
  request,
  textField,
  verdict,
  versionField,
} from "../gateway.ts";

/** The `verify` command. */
export const verifyCommand: Command = {
  name: "verify",
  summary: "verify a file's signature with a named key of a running gateway",
  usage:
    `usage: cli verify --key NAME --signature FILE [--in FILE] [--context TEXT] [--version N] [--url URL] [--token-file FILE]
Prints {"valid": …, "version": …}; exit 0 when the signature (raw bytes in FILE) is valid over
the input, 1 when not. --context and --version as given to sign (default: the latest version).
Scope keys:verify.
${GATEWAY_USAGE}`,
  options: [...GATEWAY_OPTIONS.filter((o) => o !== "out"), "signature", "context", "version"],
  run: async (args) => {
    const { api, key } = connect(args);
    const body = {
      message: await input(args),
      signature: fileOption(args, "signature"),
      ...textField(args, "context"),
      ...versionField(args),
    };
    return verdict(await request(() => must(api.POST("/v1/keys/{name}/verify", { ...key, body }))));
  },
};
