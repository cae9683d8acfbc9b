/**
 * `cli sign`: a named signature key signs the input in the gateway
 * (`POST /v1/keys/{name}/sign`); the output is the signature, raw.
 *
 * @module
 */

import { must } from "../../../client/http/mod.ts";
import { EXIT } from "../args.ts";
import type { Command } from "../command.ts";
import {
  connect,
  GATEWAY_OPTIONS,
  GATEWAY_USAGE,
  input,
  output,
  request,
  textField,
  versionField,
} from "../gateway.ts";

/** The `sign` command. */
export const signCommand: Command = {
  name: "sign",
  summary: "sign a file with a named key of a running gateway",
  usage:
    `usage: cli sign --key NAME [--in FILE] [--out FILE] [--context TEXT] [--version N] [--url URL] [--token-file FILE]
Writes the signature (raw bytes). --context: the signature's context (UTF-8, at most 255
bytes; ML-DSA and the hybrid); --version: sign with that key version (default: the latest).
The version that signed is printed on stderr (verify needs it after a rotation). Scope keys:sign.
${GATEWAY_USAGE}`,
  options: [...GATEWAY_OPTIONS, "context", "version"],
  run: async (args) => {
    const { api, key } = connect(args);
    const body = { message: await input(args), ...textField(args, "context"), ...versionField(args) };
    const { signature, version } = await request(() => must(api.POST("/v1/keys/{name}/sign", { ...key, body })));
    output(args, signature);
    console.error(`signed with version ${version}`);
    return EXIT.OK;
  },
};
