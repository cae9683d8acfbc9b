CREATE TABLE "key_binding_key" (
	"id" integer PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"envelope" "bytea" NOT NULL,
	"root_id" "bytea" NOT NULL,
	"kem_ciphertext" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "key_binding_key_single" CHECK ("key_binding_key"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "key_versions" ADD COLUMN "binding_mac" "bytea";--> statement-breakpoint
ALTER TABLE "key_versions" ADD CONSTRAINT "key_versions_binding_mac_check" CHECK ("key_versions"."binding_mac" is null or octet_length("key_versions"."binding_mac") = 32);--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): the key-binding key is never deleted, and
-- only its envelope and root id change (root rotation re-wraps it). The MACs still catch an
-- owner who disables these triggers: a replaced key row does not open, and a deleted one makes
-- the gateway refuse to start binding again (services/keys/key-binding.ts).
-- Existing key versions get no MAC here: the gateway binds them on its first start, after
-- checking each against its private key (an envelope that opens, a device key that answers).
CREATE FUNCTION "key_binding_key_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.algorithm = OLD.algorithm
		AND NEW.kem_ciphertext = OLD.kem_ciphertext AND NEW.created_at = OLD.created_at THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'key_binding_key is append-only (only its envelope may be re-wrapped)' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "key_binding_key_no_delete" BEFORE UPDATE OR DELETE ON "key_binding_key"
	FOR EACH ROW EXECUTE FUNCTION "key_binding_key_guard"();
--> statement-breakpoint
CREATE TRIGGER "key_binding_key_no_truncate" BEFORE TRUNCATE ON "key_binding_key"
	FOR EACH STATEMENT EXECUTE FUNCTION "key_binding_key_guard"();
