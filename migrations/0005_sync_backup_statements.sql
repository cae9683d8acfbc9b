ALTER TABLE "sync_backups" ADD COLUMN "statement_nonce" "bytea";--> statement-breakpoint
ALTER TABLE "sync_backups" ADD COLUMN "statement_signature" "bytea";--> statement-breakpoint
ALTER TABLE "sync_backups" ADD COLUMN "invalidated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_backups" ADD COLUMN "invalidated_by" uuid;--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_uploader_id" uuid;--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_backup_epoch" bigint;--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_blob_digest" "bytea";--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_verifier_public_key" "bytea";--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_kdf" "bytea";--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_backup_nonce" "bytea";--> statement-breakpoint
ALTER TABLE "sync_devices" ADD COLUMN "recovery_backup_signature" "bytea";