import { describeTrigger } from "./describeTrigger";
import type { FunctionRegistration } from "./functionsCore";
import { parseCronSchedule, type CronSchedule } from "../../shared/settings/ncrontab";
import { resolveSettingPlaceholders } from "./resolveSettingPlaceholders";

export interface TimerFunction {
  readonly registration: FunctionRegistration;
  /** The schedule with `%SETTING%` placeholders resolved. */
  readonly schedule: CronSchedule;
  readonly runOnStartup: boolean;
}

/**
 * Reads the timer functions of an app and parses their schedules. A schedule that does not
 * resolve or parse throws, naming the function and the schedule, so the host fails at startup
 * as Azure's does.
 */
export function prepareTimers(
  registrations: readonly FunctionRegistration[],
  env: NodeJS.ProcessEnv = process.env,
): TimerFunction[] {
  const timers: TimerFunction[] = [];
  for (const registration of registrations) {
    const trigger = describeTrigger(registration);
    if (trigger.kind !== "timer") {
      continue;
    }

    try {
      const schedule = parseCronSchedule(resolveSettingPlaceholders(trigger.schedule, env));
      timers.push({ registration, schedule, runOnStartup: trigger.runOnStartup });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const subject = `Timer function "${registration.name}"`;
      throw new Error(`${subject} has an invalid schedule "${trigger.schedule}": ${reason}`, {
        cause: error,
      });
    }
  }
  return timers;
}
