// An object's SQLite schema, created by the first call that creates the object's record rather than when the object
// starts: an object reached by an id that was never created (a guessed one, another tenant's) writes nothing at all.
import { applyMigrations, hasMigrations } from "./migrate";

export class ObjectSchema {
  private present: boolean;

  /** A schema made before (by an earlier deployment, say) is brought up to date at once, as it always was on start. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly migrations: readonly string[],
  ) {
    this.present = hasMigrations(sql);
    if (this.present) applyMigrations(sql, migrations);
  }

  /** Whether the object has storage: a call that does not create its record then finds it does not exist. */
  get exists(): boolean {
    return this.present;
  }

  /** Creates the schema; for the calls that create the object's record, just before they run. */
  create(): void {
    if (this.present) return;
    applyMigrations(this.sql, this.migrations);
    this.present = true;
  }
}
