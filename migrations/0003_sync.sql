CREATE TABLE "sync_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"name" text NOT NULL,
	"epoch" bigint DEFAULT 1 NOT NULL,
	"custodial" boolean NOT NULL,
	"account_key_name" text,
	"bootstrap_hash" "bytea" NOT NULL,
	"bootstrap_expires_at" timestamp with time zone NOT NULL,
	"bootstrap_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_accounts_epoch_check" CHECK ("sync_accounts"."epoch" >= 1)
);
--> statement-breakpoint
CREATE TABLE "sync_backups" (
	"account_id" uuid NOT NULL,
	"method" text NOT NULL,
	"blob" "bytea" NOT NULL,
	"verifier_public_key" "bytea" NOT NULL,
	"kdf_salt" "bytea",
	"kdf_memory_kib" bigint,
	"kdf_iterations" bigint,
	"kdf_parallelism" bigint,
	"threshold" bigint,
	"share_count" bigint,
	"device_id" uuid NOT NULL,
	"epoch" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_backups_pkey" PRIMARY KEY("account_id","method"),
	CONSTRAINT "sync_backups_method_check" CHECK ("sync_backups"."method" in ('password', 'shares'))
);
--> statement-breakpoint
CREATE TABLE "sync_bundles" (
	"account_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"epoch" bigint NOT NULL,
	"sender_id" text NOT NULL,
	"sealed" "bytea" NOT NULL,
	"signature" "bytea",
	"nonce" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_bundles_pkey" PRIMARY KEY("account_id","recipient_id","epoch")
);
--> statement-breakpoint
CREATE TABLE "sync_challenges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"device_id" uuid,
	"purpose" text NOT NULL,
	"nonce" "bytea" NOT NULL,
	"epoch" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_devices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"signing_public_key" "bytea" NOT NULL,
	"kem_public_key" "bytea" NOT NULL,
	"fingerprint" text NOT NULL,
	"approver_id" text,
	"approval_epoch" bigint,
	"approval_nonce" "bytea",
	"approval_signature" "bytea",
	"revoked_epoch" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_devices_status_check" CHECK ("sync_devices"."status" in ('pending', 'verified', 'trusted', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "sync_recovery_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "sync_account_id" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "sync_device_id" text;--> statement-breakpoint
ALTER TABLE "sync_backups" ADD CONSTRAINT "sync_backups_account_id_sync_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sync_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_bundles" ADD CONSTRAINT "sync_bundles_account_id_sync_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sync_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_bundles" ADD CONSTRAINT "sync_bundles_recipient_id_sync_devices_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."sync_devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_challenges" ADD CONSTRAINT "sync_challenges_account_id_sync_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sync_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_challenges" ADD CONSTRAINT "sync_challenges_device_id_sync_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."sync_devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_devices" ADD CONSTRAINT "sync_devices_account_id_sync_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sync_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_recovery_attempts" ADD CONSTRAINT "sync_recovery_attempts_account_id_sync_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."sync_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_challenges_device_idx" ON "sync_challenges" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "sync_devices_account_idx" ON "sync_devices" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sync_recovery_attempts_account_at_idx" ON "sync_recovery_attempts" USING btree ("account_id","at");