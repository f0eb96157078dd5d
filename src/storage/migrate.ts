// Ordered schema migrations for a Durable Object's SQLite storage, applied once each, in order.
export function applyMigrations(sql: SqlStorage, migrations: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = sql.exec<{ v: number | null }>("SELECT MAX(version) AS v FROM _migrations").one().v ?? 0;
  migrations.slice(applied).forEach((statement, index) => {
    sql.exec(statement);
    sql.exec("INSERT INTO _migrations (version, applied_at) VALUES (?, ?)", applied + index + 1, new Date().toISOString());
  });
}

/** Whether migrations ever ran here: a read of the schema table, which (unlike applyMigrations) creates nothing. */
export function hasMigrations(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").toArray().length > 0;
}
