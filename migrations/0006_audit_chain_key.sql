CREATE TABLE "audit_chain_key" (
	"id" integer PRIMARY KEY NOT NULL,
	"from_seq" bigint NOT NULL,
	"algorithm" text NOT NULL,
	"envelope" "bytea" NOT NULL,
	"root_id" "bytea" NOT NULL,
	"kem_ciphertext" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_chain_key_single" CHECK ("audit_chain_key"."id" = 1),
	CONSTRAINT "audit_chain_key_from_seq_check" CHECK ("audit_chain_key"."from_seq" >= 1)
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "head_mac" "bytea";--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_head_mac_check" CHECK ("audit_log"."head_mac" is null or octet_length("audit_log"."head_mac") = 32);--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): the chain key is never deleted, and only
-- its envelope and root id change (root rotation re-wraps it). The MAC still catches an owner
-- who disables these triggers: a replaced key row either does not open or moves from_seq.
CREATE FUNCTION "audit_chain_key_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.from_seq = OLD.from_seq AND NEW.algorithm = OLD.algorithm
		AND NEW.kem_ciphertext = OLD.kem_ciphertext AND NEW.created_at = OLD.created_at THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'audit_chain_key is append-only (only its envelope may be re-wrapped)' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_chain_key_no_delete" BEFORE UPDATE OR DELETE ON "audit_chain_key"
	FOR EACH ROW EXECUTE FUNCTION "audit_chain_key_guard"();
--> statement-breakpoint
CREATE TRIGGER "audit_chain_key_no_truncate" BEFORE TRUNCATE ON "audit_chain_key"
	FOR EACH STATEMENT EXECUTE FUNCTION "audit_chain_key_guard"();
