ALTER TABLE "fleet_nodes" ADD COLUMN "member_mac" "bytea";--> statement-breakpoint
ALTER TABLE "fleet_nodes" ADD COLUMN "member_sequence" integer;