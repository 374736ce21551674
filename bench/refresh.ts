import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../tools/projectRoot";
import { Stack } from "../tools/local-stack/stack";
import type { Directory } from "../tools/entra-emulator/emulator";
import { benchDirectory } from "./benchDirectory";
import { startCountingProxy, type CountingProxy } from "./countingProxy";
import { measureRefreshRun } from "./measureRefreshRun";
import { describeRefreshRun, printRefreshRun, type RefreshTargets } from "./refreshResults";
import { seedAccounts } from "./seedAccounts";

/**
 * `npm run bench`, second part: one run of the refresh timer over 2,000 accounts (200 tenants of
 * 10) that are all due, against an Entra ID that answers each token request after 50 ms. At best
 * the run takes accounts × latency / concurrency; the figures say how close it comes, how much
 * memory the host needs meanwhile, and how many storage operations each refreshed account costs.
 */
const TENANTS = 200;
const ACCOUNTS_PER_TENANT = 10;
const LATENCY_MS = 50;
/** REFRESH_CONCURRENCY's default, which the host is left to use. */
const CONCURRENCY = 8;
const SCOPES = ["Group.Read.All"];
const HOST_SETTINGS = {
  // Longer than the emulator's one-hour access tokens, so that every account is due.
  REFRESH_AHEAD: "2h",
  // As long as the host allows (80% of functionTimeout, 5 min): far more than the run needs.
  REFRESH_TIME_BUDGET: "4m",
  // Once a year: only the admin call runs the timer while the benchmark measures.
  REFRESH_SCHEDULE: "0 0 0 1 1 *",
};
const RUN_TIMEOUT_MS = 10 * 60_000;
/** The published targets: near the ideal time, in little memory, with few storage calls. */
const TARGETS: RefreshTargets = { ratio: 1.5, peakRssMb: 300, storageOperationsPerAccount: 3 };
const RESULTS_FILE = path.join(projectRoot, "bench/results/refresh.json");

async function main(): Promise<void> {
  const directory = benchDirectory(TENANTS, ACCOUNTS_PER_TENANT);
  const stack = await Stack.start({ emulator: { directory, pollingIntervalSeconds: 1 } });
  let proxy: CountingProxy | undefined;
  // A signal and the end of the run may both ask to stop; the processes are stopped once.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= Promise.all([stack.stop(), proxy?.close()]).then(() => {}));
  const stopOnSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    proxy = await startCountingProxy(stack.azurite);
    await run(stack, proxy, directory);
  } finally {
    await stop();
  }
}

async function run(stack: Stack, proxy: CountingProxy, directory: Directory): Promise<void> {
  const seedingStarted = performance.now();
  const accounts = await seedAccounts(stack, directory, SCOPES);
  const seedingMs = performance.now() - seedingStarted;
  console.log(`Signed in ${accounts} accounts in ${(seedingMs / 1000).toFixed(1)} s.`);

  const hostOptions = process.env.BENCH_HOST_NODE_OPTIONS;
  const host = await stack.startHost({
    ...HOST_SETTINGS,
    AzureWebJobsStorage: proxy.connectionString,
    // To look inside the host, e.g. "--trace-gc" or "--require <a preload that starts the
    // inspector's profiler>" (Node refuses --cpu-prof in NODE_OPTIONS).
    ...(hostOptions ? { NODE_OPTIONS: hostOptions } : {}),
  });
  await emulatorControl(stack, "POST", "/_emulator/faults", { latencyMs: LATENCY_MS });
  await emulatorControl(stack, "DELETE", "/_emulator/stats");

  const measured = await measureRefreshRun(stack, host, proxy, RUN_TIMEOUT_MS);
  const emulatorStats = await emulatorControl(stack, "GET", "/_emulator/stats");
  const { summary } = measured.log;
  if (summary.refreshed !== accounts || summary.failed !== 0) {
    throw new Error(`The run did not refresh every account: ${JSON.stringify(summary)}`);
  }

  const setup = {
    tenants: TENANTS,
    accountsPerTenant: ACCOUNTS_PER_TENANT,
    accounts,
    tokenEndpointLatencyMs: LATENCY_MS,
    concurrency: CONCURRENCY,
    scopes: SCOPES,
    hostSettings: HOST_SETTINGS,
    seedingMs,
  };
  const results = describeRefreshRun(setup, measured, emulatorStats, TARGETS);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  printRefreshRun(results);
  console.log(`Written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

async function emulatorControl(
  stack: Stack,
  method: string,
  pathname: string,
  json?: unknown,
): Promise<unknown> {
  const answer = await stack.emulatorCall(pathname, {
    method,
    ...(json === undefined ? {} : { json }),
  });
  if (answer.status !== 200) {
    throw new Error(`${method} ${pathname} answered ${answer.status}: ${answer.text}`);
  }
  return answer.json;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
