CREATE TABLE "import_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"algorithm" text NOT NULL,
	"public_key" "bytea" NOT NULL,
	"envelope" "bytea" NOT NULL,
	"root_id" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "import_keys_expires_at_idx" ON "import_keys" USING btree ("expires_at");