-- Hand-written (drizzle-kit does not model triggers): every change to a row the gateway caches
-- on its read path (tokens, keys, key versions, the key-binding key) notifies channel
-- "pqgate_cache" with "<table>:<id>" ("keys:<key id>" for a key version too), delivered at commit
-- to every replica's listener (src/db/change-feed.ts), which drops that id from its caches
-- (src/services/cache/). Triggers rather than application code, so a write made directly in the
-- database (an operator's SQL, the database-writer adversary of SECURITY.md) invalidates the
-- caches as well. An UPDATE that changes the id notifies both ids; TRUNCATE notifies "*" (flush).
CREATE FUNCTION "pqgate_cache_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	old_id text;
	new_id text;
BEGIN
	IF TG_LEVEL = 'STATEMENT' THEN
		PERFORM pg_notify('pqgate_cache', '*');
		RETURN NULL;
	END IF;
	IF TG_TABLE_NAME = 'key_versions' THEN
		IF TG_OP <> 'INSERT' THEN old_id := OLD.key_id::text; END IF;
		IF TG_OP <> 'DELETE' THEN new_id := NEW.key_id::text; END IF;
		PERFORM pg_notify('pqgate_cache', 'keys:' || coalesce(old_id, new_id));
		IF old_id IS NOT NULL AND new_id IS NOT NULL AND old_id <> new_id THEN
			PERFORM pg_notify('pqgate_cache', 'keys:' || new_id);
		END IF;
		RETURN NULL;
	END IF;
	IF TG_OP <> 'INSERT' THEN old_id := OLD.id::text; END IF;
	IF TG_OP <> 'DELETE' THEN new_id := NEW.id::text; END IF;
	PERFORM pg_notify('pqgate_cache', TG_TABLE_NAME || ':' || coalesce(old_id, new_id));
	IF old_id IS NOT NULL AND new_id IS NOT NULL AND old_id <> new_id THEN
		PERFORM pg_notify('pqgate_cache', TG_TABLE_NAME || ':' || new_id);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tokens_cache_notify" AFTER INSERT OR UPDATE OR DELETE ON "tokens"
	FOR EACH ROW EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "tokens_cache_notify_truncate" AFTER TRUNCATE ON "tokens"
	FOR EACH STATEMENT EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "keys_cache_notify" AFTER INSERT OR UPDATE OR DELETE ON "keys"
	FOR EACH ROW EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "keys_cache_notify_truncate" AFTER TRUNCATE ON "keys"
	FOR EACH STATEMENT EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "key_versions_cache_notify" AFTER INSERT OR UPDATE OR DELETE ON "key_versions"
	FOR EACH ROW EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "key_versions_cache_notify_truncate" AFTER TRUNCATE ON "key_versions"
	FOR EACH STATEMENT EXECUTE FUNCTION "pqgate_cache_notify"();
--> statement-breakpoint
CREATE TRIGGER "key_binding_key_cache_notify" AFTER INSERT OR UPDATE OR DELETE ON "key_binding_key"
	FOR EACH ROW EXECUTE FUNCTION "pqgate_cache_notify"();
