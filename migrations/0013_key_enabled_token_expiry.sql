ALTER TABLE "keys" ADD COLUMN "enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: the coarse last-use time (written at most once a minute per token and process)
-- must not drop every replica's cached principal of the token each time it is written. An
-- UPDATE that changes nothing but last_used_at does not notify; every other change of a token
-- row still does (expires_at and revoked_at included: a database writer's change reaches the caches).
DROP TRIGGER "tokens_cache_notify" ON "tokens";
--> statement-breakpoint
CREATE TRIGGER "tokens_cache_notify" AFTER INSERT OR DELETE ON "tokens"
	FOR EACH ROW EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "tokens_cache_notify_update" AFTER UPDATE ON "tokens"
	FOR EACH ROW WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
	EXECUTE FUNCTION "pqgate_cache_notify"();
