CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"request_id" text NOT NULL,
	"actor" text NOT NULL,
	"owner" text NOT NULL,
	"action" text NOT NULL,
	"key_name" text,
	"key_version" integer,
	"outcome" text NOT NULL,
	"status" integer NOT NULL,
	"prev_hash" "bytea" NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "audit_log_seq_check" CHECK ("audit_log"."seq" >= 1),
	CONSTRAINT "audit_log_hash_check" CHECK (octet_length("audit_log"."hash") = 32 and octet_length("audit_log"."prev_hash") = 32)
);

--> statement-breakpoint
-- Hand-written (drizzle-kit does not model triggers): the audit log is append-only for the
-- application's role. The hash chain still catches an owner who disables these triggers.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
	FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
	FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
