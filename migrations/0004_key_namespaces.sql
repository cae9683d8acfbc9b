ALTER TABLE "keys" DROP CONSTRAINT "keys_owner_name_unique";--> statement-breakpoint
ALTER TABLE "keys" ADD COLUMN "namespace" text DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_owner_namespace_name_unique" UNIQUE("owner","namespace","name");--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_namespace_check" CHECK ("keys"."namespace" in ('user', 'sync'));--> statement-breakpoint
-- Custodial sync account keys leave the user namespace: the key API no longer sees them.
UPDATE "keys" SET "namespace" = 'sync' FROM "sync_accounts" WHERE "sync_accounts"."owner" = "keys"."owner" AND "sync_accounts"."account_key_name" = "keys"."name";
