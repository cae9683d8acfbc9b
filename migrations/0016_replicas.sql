CREATE TABLE "rate_buckets" (
	"token_id" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"at" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"owner" text NOT NULL,
	"token_id" text NOT NULL,
	"mode" text NOT NULL,
	"algorithm" text NOT NULL,
	"key_name" text,
	"key_version" integer,
	"envelope" "bytea" NOT NULL,
	"root_id" "bytea" NOT NULL,
	"confirmation" "bytea" NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sessions_owner_seq_idx" ON "sessions" USING btree ("owner","seq");--> statement-breakpoint
CREATE INDEX "sessions_seq_idx" ON "sessions" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
-- Hand-written: a session ended, evicted, expired or changed on any replica (or by a direct
-- write) notifies "sessions:<id>" through the cache trigger of 0010_cache_notify.sql, so every
-- replica drops its cached copy. An INSERT notifies nothing (no replica can hold a new id yet),
-- nor does an UPDATE of `confirmed_at` or `seq` alone (bookkeeping no cached copy holds).
CREATE TRIGGER "sessions_cache_notify" AFTER DELETE OR UPDATE OF "id", "owner", "token_id", "mode", "algorithm",
	"key_name", "key_version", "envelope", "root_id", "confirmation", "created_at", "expires_at" ON "sessions"
	FOR EACH ROW EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "sessions_cache_notify_truncate" AFTER TRUNCATE ON "sessions"
	FOR EACH STATEMENT EXECUTE FUNCTION "pqgate_cache_notify"();
