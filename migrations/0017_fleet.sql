CREATE TABLE "fleet_join_tokens" (
	"hash" "bytea" PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fleet_keks" (
	"id" "bytea" PRIMARY KEY NOT NULL,
	"sequence" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fleet_keks_sequence_unique" UNIQUE("sequence")
);
--> statement-breakpoint
CREATE TABLE "fleet_node_keks" (
	"node" text NOT NULL,
	"kek_id" "bytea" NOT NULL,
	"sealed" "bytea",
	"transfer_ciphertext" "bytea",
	CONSTRAINT "fleet_node_keks_node_kek_id_pk" PRIMARY KEY("node","kek_id"),
	CONSTRAINT "fleet_node_keks_one_form" CHECK (("fleet_node_keks"."sealed" is null) <> ("fleet_node_keks"."transfer_ciphertext" is null))
);
--> statement-breakpoint
CREATE TABLE "fleet_nodes" (
	"name" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"transfer_public_key" "bytea" NOT NULL,
	"transfer_sealed_seed" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fleet_nodes_status_check" CHECK ("fleet_nodes"."status" in ('pending', 'active', 'revoked'))
);
--> statement-breakpoint
ALTER TABLE "fleet_node_keks" ADD CONSTRAINT "fleet_node_keks_node_fleet_nodes_name_fk" FOREIGN KEY ("node") REFERENCES "public"."fleet_nodes"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_node_keks" ADD CONSTRAINT "fleet_node_keks_kek_id_fleet_keks_id_fk" FOREIGN KEY ("kek_id") REFERENCES "public"."fleet_keks"("id") ON DELETE cascade ON UPDATE no action;