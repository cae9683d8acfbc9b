/**
 * Response contracts of the health endpoints (the future OpenAPI document is generated
 * from these).
 *
 * @module
 */

import { z } from "zod";

/** `GET /healthz`: the process is up and answering. */
export const HealthBody = z.object({ status: z.literal("ok") });

/** The native self-test outcome as reported. */
export const SelfTestBody = z.object({
  ok: z.boolean(),
  code: z.number().int(),
  message: z.string(),
});

/** The keystore's state as reported. */
export const KeystoreBody = z.object({
  backend: z.enum(["software", "pkcs11", "tpm", "tpm-fleet"]),
  protection: z.enum(["hardware", "hardware-wrapped", "software"]),
  reachable: z.boolean(),
});

/** `GET /readyz` when ready (200). When not ready the same members extend a 503 problem. */
export const ReadyBody = z.object({
  status: z.literal("ready"),
  abiVersion: z.number().int(),
  selfTest: SelfTestBody,
  keystore: KeystoreBody.optional(),
  database: z.object({ reachable: z.boolean() }).optional(),
  keyBindings: z.object({ checkable: z.boolean() }).optional(),
  tls: z.object({
    enabled: z.boolean(),
    pqKeyExchange: z.union([z.boolean(), z.literal("unknown")]).describe(
      "true only where this runtime version was measured negotiating X25519MLKEM768; false on plain HTTP",
    ),
  }).optional(),
  checkedAt: z.iso.datetime(),
});

/** The `/healthz` body type. */
export type HealthBody = z.infer<typeof HealthBody>;
/** The `/readyz` 200 body type. */
export type ReadyBody = z.infer<typeof ReadyBody>;
