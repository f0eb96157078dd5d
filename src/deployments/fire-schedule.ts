// Keeps each deployment's one `deployment_run` row of the agent's schedule at its next cron occurrence, or removes it.
import { cancelWork, putWork } from "../schedule/work-schedule";
import { nextOccurrenceAfter } from "../schemas/cron";
import { findDeployment, firesOnSchedule, scheduleOf } from "./deployment-store";

/**
 * Moves the deployment's fire to its first occurrence after `after`, as the deployment stands now: a paused, archived
 * or manual-only deployment has none. Counting from now is what makes an unpause resume without a flood of missed runs.
 */
export function scheduleNextFire(sql: SqlStorage, deploymentId: string, after: number): void {
  const row = findDeployment(sql, deploymentId);
  const schedule = row && firesOnSchedule(row) ? scheduleOf(row) : null;
  const next = schedule && nextOccurrenceAfter(schedule, after);
  if (next) putWork(sql, "deployment_run", deploymentId, next);
  else cancelWork(sql, "deployment_run", deploymentId);
}
