ALTER TABLE "key_versions" ADD COLUMN "hybrid_scheme" smallint;--> statement-breakpoint
ALTER TABLE "key_versions" ADD CONSTRAINT "key_versions_hybrid_scheme_check" CHECK ("key_versions"."hybrid_scheme" in (1, 2));--> statement-breakpoint
-- Hand-written (the generated part ends above): every hybrid version that exists before this
-- migration signed with scheme 1; new versions get 2 from the key service.
UPDATE "key_versions" SET "hybrid_scheme" = 1
	WHERE "key_id" IN (SELECT "id" FROM "keys" WHERE "algorithm" = 'ML-DSA-65+Ed25519');
