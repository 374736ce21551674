import type { Readable } from "node:stream";
import type { RefreshSummary } from "../shared/refresh/RefreshSweep";
import type { RunningHost } from "../tools/local-stack/stack";

/** The counts of a timer run's `refresh.run_completed` line: the sweep's own summary. */
export type RefreshRunSummary = RefreshSummary;

/** One finished run of `refreshTokens`, as the host logged it. */
export interface RefreshRunLog {
  summary: RefreshRunSummary;
  outcome: string;
  /** The host's own `Executed (…, N ms)` figure. */
  executedMs: number;
  /** `performance.now()` in this process when the Executed line arrived. */
  executedAt: number;
}

const SUMMARY = /refresh\.run_completed (\{.*\})\s*$/;
const EXECUTED = /refreshTokens \(([^)]+)\): Executed \((\w+), (\d+) ms\)/;

/**
 * Watches a host's output for the next run of `refreshTokens` to finish: its summary line and
 * the host's Executed line of the same invocation. Start watching before firing the timer.
 */
export function watchRefreshRun(host: RunningHost, timeoutMs: number): Promise<RefreshRunLog> {
  const streams = [host.process.stdout, host.process.stderr].filter(
    (stream): stream is Readable => stream !== null,
  );
  const summaries = new Map<string, RefreshRunSummary>();

  return new Promise((resolve, reject) => {
    const listeners = streams.map((stream) => {
      let partial = "";
      const onData = (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) onLine(line);
      };
      stream.on("data", onData);
      return () => stream.off("data", onData);
    });
    const done = () => {
      clearTimeout(timer);
      listeners.forEach((stopListening) => stopListening());
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`refreshTokens did not finish within ${timeoutMs} ms`));
    }, timeoutMs);

    const onLine = (line: string) => {
      const summary = SUMMARY.exec(line);
      if (summary) {
        const fields = JSON.parse(summary[1]!) as RefreshRunSummary & {
          failedByReason: string;
          invocationId: string;
        };
        const { invocationId, failedByReason, ...counts } = fields;
        const reasons = JSON.parse(failedByReason) as Record<string, number>;
        summaries.set(invocationId, { ...counts, failedByReason: reasons });
        return;
      }
      const executed = EXECUTED.exec(line);
      if (executed) {
        const executedAt = performance.now();
        const [, invocationId, outcome, ms] = executed;
        const found = summaries.get(invocationId!);
        done();
        if (outcome !== "Succeeded" || !found) {
          reject(new Error(`refreshTokens ended ${outcome} ${found ? "" : "without a summary"}`));
          return;
        }
        resolve({ summary: found, outcome, executedMs: Number(ms), executedAt });
      }
    };
  });
}
