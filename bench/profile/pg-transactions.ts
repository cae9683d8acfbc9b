// Transactions a PostgreSQL database has finished (committed or rolled back), from
// pg_stat_database. Each statement outside a transaction is one; PostgreSQL counts no
// statements without pg_stat_statements, so this is the cheap measure of database round trips.
// Backends publish their counts at most once a second while busy, and when they exit: read the
// end figure after the gateway has closed its connections.

import postgres from "postgres";

export async function finishedTransactions(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: string }[]>`
      select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`;
    return Number(row?.n ?? NaN);
  } finally {
    await sql.end();
  }
}
