import type { Timer } from "@azure/functions";

/** .NET's DateTime.MinValue, what a schedule that never ran reports as its last run. */
const neverRun = "0001-01-01T00:00:00.000Z";

/**
 * The `Timer` object a timer handler receives. `isPastDue` is always false: that flag comes from
 * Azure's schedule monitor (a missed occurrence while the app was down), and this host keeps no
 * schedule history. `last` is the previous run in this host, `next` the coming occurrence.
 */
export function timerInfo(last: Date | undefined, next: Date | undefined, now: Date): Timer {
  return {
    isPastDue: false,
    schedule: { adjustForDST: true },
    scheduleStatus: {
      last: last?.toISOString() ?? neverRun,
      next: next?.toISOString() ?? "",
      lastUpdated: now.toISOString(),
    },
  };
}
