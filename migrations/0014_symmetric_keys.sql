ALTER TABLE "key_versions" ADD COLUMN "messages_reserved" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "keys" ADD COLUMN "message_limit_action" text DEFAULT 'rotate' NOT NULL;--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_message_limit_action_check" CHECK ("keys"."message_limit_action" in ('rotate', 'refuse'));