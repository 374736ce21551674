import type { RunningHost, Stack } from "../tools/local-stack/stack";
import type { CountingProxy, OperationCount } from "./countingProxy";
import {
  findChildProcess,
  readCpuMs,
  readMachineBusyMs,
  readResidentMemory,
  resetPeakMemory,
} from "./processCounters";
import { watchRefreshRun, type RefreshRunLog } from "./watchRefreshRun";

/** What was measured around one run of the refresh timer. */
export interface RefreshRunMeasurement {
  log: RefreshRunLog;
  adminToExecutedMs: number;
  memory: {
    /** Whether the host's VmHWM was reset just before the run (else it counts from start). */
    peakResetBeforeRun: boolean;
    rssBeforeBytes: number | null;
    peakBytes: number | null;
    /** The highest VmRSS seen in readings every 100 ms, to check the peak against. */
    sampledPeakBytes: number;
  };
  storageOperations: Record<string, OperationCount>;
  cpuMs: {
    host: number | null;
    azurite: number | null;
    benchProcess: number;
    /** Every CPU of the machine: what is not the three above is other work skewing the run. */
    machine: number | null;
  };
  /** How busy this process (the emulator and the proxy) was, from 0 to 1. */
  benchEventLoopUtilization: number;
}

/**
 * Fires `refreshTokens` through the host's admin call and waits for its Executed line, reading
 * the host's memory and CPU time and counting storage requests from just before the call until
 * then.
 */
export async function measureRefreshRun(
  stack: Stack,
  host: RunningHost,
  proxy: CountingProxy,
  timeoutMs: number,
): Promise<RefreshRunMeasurement> {
  const pid = host.process.pid;
  if (pid === undefined) {
    throw new Error("The host has no process id.");
  }
  const azuritePid = findChildProcess(/azurite\.js/);
  const cpuBefore = cpuTimes(pid, azuritePid);
  const benchCpuBefore = process.cpuUsage();
  const eventLoopBefore = performance.eventLoopUtilization();
  const peakResetBeforeRun = resetPeakMemory(pid);
  const rssBeforeBytes = readResidentMemory(pid)?.rss ?? null;
  let sampledPeakBytes = 0;
  const sampler = setInterval(() => {
    sampledPeakBytes = Math.max(sampledPeakBytes, readResidentMemory(pid)?.rss ?? 0);
  }, 100);

  try {
    const finished = watchRefreshRun(host, timeoutMs);
    proxy.startCounting();
    const firedAt = performance.now();
    const answer = await stack.api(host, "/admin/functions/refreshTokens", {
      method: "POST",
      body: {},
    });
    if (answer.status !== 202) {
      throw new Error(`The admin call answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    }
    const log = await finished;
    const storageOperations = proxy.stopCounting();

    const cpuAfter = cpuTimes(pid, azuritePid);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const spent = (before: number | null, after: number | null) =>
      before === null || after === null ? null : after - before;
    return {
      log,
      adminToExecutedMs: log.executedAt - firedAt,
      memory: {
        peakResetBeforeRun,
        rssBeforeBytes,
        peakBytes: readResidentMemory(pid)?.peak ?? null,
        sampledPeakBytes,
      },
      storageOperations,
      cpuMs: {
        host: spent(cpuBefore.host, cpuAfter.host),
        azurite: spent(cpuBefore.azurite, cpuAfter.azurite),
        benchProcess: (benchCpu.user + benchCpu.system) / 1000,
        machine: spent(cpuBefore.machine, cpuAfter.machine),
      },
      benchEventLoopUtilization: performance.eventLoopUtilization(eventLoopBefore).utilization,
    };
  } finally {
    clearInterval(sampler);
  }
}

function cpuTimes(hostPid: number, azuritePid: number | undefined) {
  return {
    host: readCpuMs(hostPid) ?? null,
    azurite: azuritePid === undefined ? null : (readCpuMs(azuritePid) ?? null),
    machine: readMachineBusyMs() ?? null,
  };
}
