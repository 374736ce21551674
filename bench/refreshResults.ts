import type { RefreshRunMeasurement } from "./measureRefreshRun";
import { measuredEnvironment, measuredSource } from "./measuredSource";
import { round } from "./percentiles";

/** How the refresh benchmark was set up. */
export interface RefreshBenchSetup {
  tenants: number;
  accountsPerTenant: number;
  accounts: number;
  tokenEndpointLatencyMs: number;
  concurrency: number;
  scopes: readonly string[];
  hostSettings: Record<string, string>;
  seedingMs: number;
}

/** The published targets of one timer run. */
export interface RefreshTargets {
  /** Run duration over the ideal duration, at most. */
  ratio: number;
  /** Peak resident memory of the host during the run, below. */
  peakRssMb: number;
  /** Requests reaching storage per refreshed account, at most. */
  storageOperationsPerAccount: number;
}

export type RefreshResults = ReturnType<typeof describeRefreshRun>;

const MB = 1024 * 1024;

/** The results file's content: setup, method, environment, figures and targets. */
export function describeRefreshRun(
  setup: RefreshBenchSetup,
  measured: RefreshRunMeasurement,
  emulatorStats: unknown,
  targets: RefreshTargets,
) {
  const { summary } = measured.log;
  const idealMs = (setup.accounts * setup.tokenEndpointLatencyMs) / setup.concurrency;
  const ratio = round(summary.durationMs / idealMs, 2);
  const kinds = Object.values(measured.storageOperations);
  const operations = kinds.reduce((sum, kind) => sum + kind.count, 0);
  const perAccount = round(operations / summary.refreshed, 2);
  const mb = (bytes: number | null) => (bytes === null ? null : round(bytes / MB, 1));
  const peakRssMb = mb(measured.memory.peakBytes);
  const ms = (value: number | null) => (value === null ? null : round(value, 0));

  return {
    benchmark: "one refresh timer run over every account, all due, against a slow Entra ID",
    date: new Date().toISOString(),
    setup: { ...setup, seedingMs: round(setup.seedingMs, 0) },
    method: {
      seeding:
        "device-code grant against the emulator from the bench process; tokens written with " +
        "cacheEntriesFromTokenResponse, TokenCacheStore.update (one write per tenant) and " +
        "AccountIndex.recordSignIn",
      run: "POST /admin/functions/refreshTokens on a fresh local host started after seeding",
      durationMs: "durationMs of the host's refresh.run_completed line",
      adminToExecutedMs: "from sending the admin call to the host's Executed line, in this process",
      idealMs: "accounts x token endpoint latency / concurrency",
      peakRss: "VmHWM of the host process, reset through /proc/<pid>/clear_refs before the run",
      storageOperations:
        "requests reaching Azurite through a counting proxy on 127.0.0.1, from just before the " +
        "admin call to the Executed line; meanMs from arrival at the proxy to the answer's end",
      cpu:
        "CPU time of every thread from /proc/<pid>/stat (host, Azurite), process.cpuUsage " +
        "(bench) and /proc/stat (machine); otherProcesses is the machine's busy time less those " +
        "three: other programs, kernel interrupt work (loopback traffic included) and steal",
      hosts: "one local Functions host, Azurite and the Entra ID emulator on 127.0.0.1",
    },
    source: measuredSource(),
    environment: measuredEnvironment(),
    run: {
      durationMs: summary.durationMs,
      adminToExecutedMs: round(measured.adminToExecutedMs, 0),
      hostExecutedMs: measured.log.executedMs,
      idealMs,
      ratio,
      adminToExecutedRatio: round(measured.adminToExecutedMs / idealMs, 2),
      accountsPerSecond: round((summary.refreshed * 1000) / summary.durationMs, 1),
    },
    summary,
    memory: {
      peakRssMb,
      peakResetBeforeRun: measured.memory.peakResetBeforeRun,
      rssBeforeRunMb: mb(measured.memory.rssBeforeBytes),
      sampledPeakRssMb: mb(measured.memory.sampledPeakBytes),
    },
    storage: {
      operations,
      perRefreshedAccount: perAccount,
      byKind: measured.storageOperations,
    },
    emulator: emulatorStats,
    cpuDuringRunMs: {
      host: ms(measured.cpuMs.host),
      azurite: ms(measured.cpuMs.azurite),
      benchProcess: ms(measured.cpuMs.benchProcess),
      machine: ms(measured.cpuMs.machine),
      otherProcesses: ms(otherCpuMs(measured.cpuMs)),
      benchEventLoopUtilization: round(measured.benchEventLoopUtilization, 2),
    },
    targets: {
      ratio: { atMost: targets.ratio, met: ratio <= targets.ratio },
      peakRssMb: {
        below: targets.peakRssMb,
        met: peakRssMb !== null && peakRssMb < targets.peakRssMb,
      },
      storageOperationsPerAccount: {
        atMost: targets.storageOperationsPerAccount,
        met: perAccount <= targets.storageOperationsPerAccount,
      },
    },
  };
}

/** Prints the figures and the verdict on each target. */
export function printRefreshRun(results: RefreshResults): void {
  const { setup, environment, run, summary, memory, storage, targets } = results;
  const cpu = results.cpuDuringRunMs;
  const verdict = (met: boolean) => (met ? "met" : "missed");
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const row = (label: string, text: string) => console.log(`${label.padEnd(29)}${text}`);

  console.log(
    `\n${setup.accounts} accounts over ${setup.tenants} tenants, ` +
      `${setup.tokenEndpointLatencyMs} ms token latency, concurrency ${setup.concurrency} ` +
      `(${environment.node}, ${environment.cpu}, ${environment.cores} cores)`,
  );
  row("refreshed", `${summary.refreshed}, failed ${summary.failed}, retries ${summary.retries}`);
  row(
    "run (refresh.run_completed)",
    `${seconds(run.durationMs)}, ideal ${seconds(run.idealMs)}: ratio ${run.ratio} ` +
      `(target <= ${targets.ratio.atMost}: ${verdict(targets.ratio.met)})`,
  );
  row(
    "admin call to Executed",
    `${seconds(run.adminToExecutedMs)}: ratio ${run.adminToExecutedRatio}`,
  );
  row(
    "peak RSS of the host",
    `${memory.peakRssMb} MB (target < ${targets.peakRssMb.below} MB: ` +
      `${verdict(targets.peakRssMb.met)})`,
  );
  row(
    "storage operations",
    `${storage.operations}, ${storage.perRefreshedAccount} per account (target <= ` +
      `${targets.storageOperationsPerAccount.atMost}: ` +
      `${verdict(targets.storageOperationsPerAccount.met)})`,
  );
  for (const [kind, { count, meanMs }] of Object.entries(storage.byKind)) {
    console.log(`  ${kind.padEnd(30)} ${String(count).padStart(6)}  mean ${meanMs.toFixed(2)} ms`);
  }
  row(
    "CPU during the run",
    `host ${cpu.host} ms, Azurite ${cpu.azurite} ms, bench process ${cpu.benchProcess} ms ` +
      `(its event loop ${cpu.benchEventLoopUtilization} busy), other processes ` +
      `${cpu.otherProcesses} ms`,
  );
}

/** Busy time of the machine that none of the three measured processes accounts for. */
function otherCpuMs(cpu: RefreshRunMeasurement["cpuMs"]): number | null {
  if (cpu.machine === null || cpu.host === null || cpu.azurite === null) {
    return null;
  }
  return Math.max(cpu.machine - cpu.host - cpu.azurite - cpu.benchProcess, 0);
}
