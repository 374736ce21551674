import type { Timer } from "@azure/functions";
import type { FunctionRegistration } from "./functionsCore";
import { formatLogLine, type HostLogSink } from "./hostLog";
import { nextOccurrence } from "../../shared/settings/ncrontab";
import type { TimerFunction } from "./prepareTimers";
import { timerInfo } from "./timerInfo";

export type TimerInvoker = (registration: FunctionRegistration, timer: Timer) => Promise<void>;

export interface TimerScheduler {
  /** Whether a timer function has this name (names compare case-insensitively, as on Azure). */
  has(name: string): boolean;
  /**
   * Runs a timer function now and resolves when it finished. If it is still running from an
   * earlier occurrence, the call is skipped and logged. Throws for an unknown name.
   */
  fire(name: string): Promise<void>;
  /** Arms every schedule and queues the `runOnStartup` runs. */
  start(): void;
  /** Stops scheduling; invocations already running finish on their own. */
  stop(): void;
}

/** setTimeout cannot wait longer; longer waits are re-armed until the occurrence is due. */
const maxTimeoutMs = 2 ** 31 - 1;

interface TimerState {
  readonly timer: TimerFunction;
  running: boolean;
  lastRun?: Date;
  /** The occurrence last handled; the next one is searched after it, so none fires twice. */
  lastOccurrence?: number;
  handle?: NodeJS.Timeout;
}

/**
 * Fires timer functions on their schedules (and once at start for `runOnStartup`), never
 * starting a timer while its previous invocation in this host still runs. Nothing fires before
 * `start()`.
 */
export function createTimerScheduler(
  timers: readonly TimerFunction[],
  invoke: TimerInvoker,
  log: HostLogSink,
): TimerScheduler {
  const states = timers.map((timer): TimerState => ({ timer, running: false }));
  let stopped = false;

  const hostLog = (level: string, message: string): void =>
    log.out(formatLogLine(level, "host", message));

  const run = async (state: TimerState, occasion: string): Promise<void> => {
    const { name } = state.timer.registration;
    if (state.running) {
      hostLog("warning", `Timer "${name}" is still running; skipped the ${occasion} run.`);
      return;
    }

    const now = new Date();
    const next = nextOccurrence(state.timer.schedule, now);
    const timer = timerInfo(state.lastRun, next, now);
    state.running = true;
    state.lastRun = now;
    try {
      await invoke(state.timer.registration, timer);
    } finally {
      state.running = false;
    }
  };

  const arm = (state: TimerState): void => {
    if (stopped) {
      return;
    }
    const from = new Date(Math.max(Date.now(), state.lastOccurrence ?? 0));
    const due = nextOccurrence(state.timer.schedule, from);
    if (!due) {
      const { name } = state.timer.registration;
      hostLog("warning", `Timer "${name}" has no occurrence in the next 50 years.`);
      return;
    }

    const delay = Math.min(Math.max(due.getTime() - Date.now(), 0), maxTimeoutMs);
    state.handle = setTimeout(() => {
      if (Date.now() >= due.getTime()) {
        state.lastOccurrence = due.getTime();
        void run(state, "scheduled");
      }
      arm(state);
    }, delay);
    state.handle.unref();
  };

  const start = (): void => {
    for (const state of states) {
      arm(state);
      if (state.timer.runOnStartup) {
        setImmediate(() => {
          if (!stopped) {
            void run(state, "startup");
          }
        });
      }
    }
  };

  const find = (name: string): TimerState | undefined =>
    states.find((state) => state.timer.registration.name.toLowerCase() === name.toLowerCase());

  return {
    has: (name) => find(name) !== undefined,
    fire: async (name) => {
      const state = find(name);
      if (!state) {
        throw new Error(`No timer function is named "${name}".`);
      }
      await run(state, "on-demand");
    },
    start,
    stop: () => {
      stopped = true;
      states.forEach((state) => clearTimeout(state.handle));
    },
  };
}
