/**
 * Wraps a fresh handle in the class of its algorithm's family.
 *
 * @module
 */

import {
  type AgreementAlgorithm,
  type Algorithm,
  FAMILY,
  type KemAlgorithm,
  type MacAlgorithm,
  type SignatureAlgorithm,
  type SymmetricAlgorithm,
} from "../algorithms.ts";
import type { Native } from "../native.ts";
import { AgreementPrivateKey, AgreementPublicKey } from "./agreement.ts";
import { KemPrivateKey, KemPublicKey } from "./kem.ts";
import { SigningKey, VerifyingKey } from "./signature.ts";
import { MacKey, SecretKey } from "./symmetric.ts";

/** The private-key class of an algorithm. */
export type PrivateKeyFor<A extends Algorithm> = A extends KemAlgorithm ? KemPrivateKey
  : A extends SignatureAlgorithm ? SigningKey
  : A extends SymmetricAlgorithm ? SecretKey
  : A extends MacAlgorithm ? MacKey
  : AgreementPrivateKey;

/** The public-key class of an algorithm. */
export type PublicKeyFor<A extends Algorithm> = A extends KemAlgorithm ? KemPublicKey
  : A extends SignatureAlgorithm ? VerifyingKey
  : AgreementPublicKey;

/** Wraps a private-key handle of `algorithm`. */
export function wrapPrivate<A extends Algorithm>(native: Native, algorithm: A, handle: bigint): PrivateKeyFor<A> {
  switch (FAMILY[algorithm]) {
    case "kem":
      return new KemPrivateKey(native, algorithm as KemAlgorithm, handle) as PrivateKeyFor<A>;
    case "signature":
      return new SigningKey(native, algorithm as SignatureAlgorithm, handle) as PrivateKeyFor<A>;
    case "agreement":
      return new AgreementPrivateKey(native, algorithm as AgreementAlgorithm, handle) as PrivateKeyFor<A>;
    case "aead":
      return new SecretKey(native, algorithm as SymmetricAlgorithm, handle) as PrivateKeyFor<A>;
    case "mac":
      return new MacKey(native, algorithm as MacAlgorithm, handle) as PrivateKeyFor<A>;
  }
}

/** Wraps a public-key handle of `algorithm`. */
export function wrapPublic<A extends Algorithm>(native: Native, algorithm: A, handle: bigint): PublicKeyFor<A> {
  switch (FAMILY[algorithm]) {
    case "kem":
      return new KemPublicKey(native, algorithm as KemAlgorithm, handle) as PublicKeyFor<A>;
    case "signature":
      return new VerifyingKey(native, algorithm as SignatureAlgorithm, handle) as PublicKeyFor<A>;
    case "agreement":
      return new AgreementPublicKey(native, algorithm as AgreementAlgorithm, handle) as PublicKeyFor<A>;
    case "aead":
    case "mac":
      // Rust refuses to import a public key of a symmetric algorithm before this is reached.
      throw new TypeError(`${algorithm} keys have no public half`);
  }
}
