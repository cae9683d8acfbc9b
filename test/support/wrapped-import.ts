/**
 * The client side of wrapped import, as a test (or a user) does it with the independent
 * @hpke implementation: ask for import-params, seal the private key to the returned X-Wing key
 * with the info of `src/common/wrapped-import.ts`, and build the import request.
 *
 * @module
 */

import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { XWing } from "@hpke/hybridkem-x-wing";
import { fromBase64Url, toBase64Url } from "../../src/common/base64url.ts";
import { wrappedImportInfo } from "../../src/common/wrapped-import.ts";

/** What import-params answered (the fields sealing needs). */
export interface ImportParamsJson {
  readonly importToken: string;
  readonly publicKey: string;
}

/** The sealed form of `privateKey` for `POST /v1/keys/import`, as @hpke seals it. */
export async function sealForImport<Algorithm extends string>(
  params: ImportParamsJson,
  algorithm: Algorithm,
  name: string,
  privateKey: Uint8Array,
  infoFor: { algorithm?: string; name?: string; importToken?: string } = {},
): Promise<{ name: string; algorithm: Algorithm; importToken: string; enc: string; sealedKey: string }> {
  const suite = new CipherSuite({ kem: new XWing(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
  const publicKey = fromBase64Url(params.publicKey);
  if (publicKey === undefined) throw new Error("import-params answered no public key");
  const recipientPublicKey = await suite.kem.deserializePublicKey(publicKey);
  const info = wrappedImportInfo(
    infoFor.algorithm ?? algorithm,
    infoFor.name ?? name,
    infoFor.importToken ?? params.importToken,
  );
  const { enc, ct } = await suite.seal({ recipientPublicKey, info }, privateKey);
  return {
    name,
    algorithm,
    importToken: params.importToken,
    enc: toBase64Url(new Uint8Array(enc)),
    sealedKey: toBase64Url(new Uint8Array(ct)),
  };
}
