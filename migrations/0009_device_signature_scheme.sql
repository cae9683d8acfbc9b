ALTER TABLE "sync_backups" ADD COLUMN "verifier_scheme" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "signature_scheme" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_verifier_scheme" smallint;--> statement-breakpoint
ALTER TABLE "sync_backups" ADD CONSTRAINT "sync_backups_verifier_scheme_check" CHECK ("sync_backups"."verifier_scheme" in (1, 2));--> statement-breakpoint
ALTER TABLE "sync_devices" ADD CONSTRAINT "sync_devices_signature_scheme_check" CHECK ("sync_devices"."signature_scheme" in (1, 2));--> statement-breakpoint
ALTER TABLE "sync_devices" ADD CONSTRAINT "sync_devices_recovery_verifier_scheme_check" CHECK ("sync_devices"."recovery_verifier_scheme" in (1, 2));--> statement-breakpoint
-- Hand-written (the generated part ends above): every device and backup that exists before this
-- migration signs with scheme 1 (the column defaults above), and so does the verifier key of every
-- backup a device was recovered from.
UPDATE "sync_devices" SET "recovery_verifier_scheme" = 1 WHERE "recovery_verifier_public_key" IS NOT NULL;
