CREATE TABLE "key_versions" (
	"key_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"public_key" "bytea" NOT NULL,
	"envelope" "bytea",
	"native_reference" "bytea",
	"root_id" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_versions_pkey" PRIMARY KEY("key_id","version"),
	CONSTRAINT "key_versions_private_key_check" CHECK (("key_versions"."envelope" is null) <> ("key_versions"."native_reference" is null))
);
--> statement-breakpoint
CREATE TABLE "keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"algorithm" text NOT NULL,
	"protection" text NOT NULL,
	"latest_version" integer NOT NULL,
	"min_decryption_version" integer DEFAULT 1 NOT NULL,
	"auto_rotate_seconds" integer,
	"deletion_allowed" boolean DEFAULT false NOT NULL,
	"deletion_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keys_owner_name_unique" UNIQUE("owner","name"),
	CONSTRAINT "keys_latest_version_check" CHECK ("keys"."latest_version" >= 1),
	CONSTRAINT "keys_min_decryption_version_check" CHECK ("keys"."min_decryption_version" between 1 and "keys"."latest_version")
);
--> statement-breakpoint
ALTER TABLE "key_versions" ADD CONSTRAINT "key_versions_key_id_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "key_versions_root_id_idx" ON "key_versions" USING btree ("root_id");