import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Timer } from "@azure/functions";
import { describeTrigger } from "./describeTrigger";
import { setSystemLogHandler, type FunctionRegistration } from "./functionsCore";
import { createHttpRequestHandler } from "./handleHttpRequest";
import { formatLogLine, processLogSink, type HostLogSink } from "./hostLog";
import { installFunctionsCore } from "./installFunctionsCore";
import { invokeFunction } from "./invokeFunction";
import { loadApp } from "./loadApp";
import { prepareTimers } from "./prepareTimers";
import { buildRouteTable } from "./routeTable";
import { runAppHooks, type AppHookData } from "./runHooks";
import { createTimerScheduler } from "./timerScheduler";

export interface FunctionsHostOptions {
  /** The app folder: its package.json `main` names the function files, host.json sits beside. */
  readonly appRoot: string;
  /** 7071 when unset, like `func start`; 0 picks a free port. */
  readonly port?: number;
  /** The key that "function" and "admin" level functions and the admin API require. */
  readonly functionKey: string;
  /** 127.0.0.1 when unset. */
  readonly hostname?: string;
  /** Where logs go; stdout and stderr when unset. */
  readonly log?: HostLogSink;
}

export interface FunctionsHost {
  /** `http://hostname:port`, without the route prefix. */
  readonly url: string;
  readonly port: number;
  readonly routePrefix: string;
  readonly registrations: readonly FunctionRegistration[];
  /** Runs a timer function now; resolves when it finished (or was skipped as still running). */
  fireTimer(name: string): Promise<void>;
  /** Stops the timers and the server, then runs the appTerminate hooks. */
  close(): Promise<void>;
}

/**
 * Loads an Azure Functions v4 app into this process and serves it: HTTP triggers on their
 * routes, timer triggers on their schedules, and the admin invoke endpoint. Rejects, without
 * listening, when the app fails to load, a route template or a schedule is invalid, or an
 * appStart hook fails. Other trigger types are listed in the log and never run.
 */
export async function startFunctionsHost(options: FunctionsHostOptions): Promise<FunctionsHost> {
  const log = options.log ?? processLogSink;
  const hostname = options.hostname ?? "127.0.0.1";
  if (options.functionKey === "") {
    throw new Error("The functions host needs a non-empty function key.");
  }

  installFunctionsCore();
  setSystemLogHandler((level, category, message) =>
    log.out(formatLogLine(level, category, message)),
  );
  const app = loadApp(options.appRoot);
  const routes = buildRouteTable(app.registrations, app.routePrefix);
  const timerFunctions = prepareTimers(app.registrations);
  warnAboutUnservedTriggers(app.registrations, log);

  const appHookData: AppHookData = {};
  await runAppHooks("appStart", appHookData);

  const invokeTimer = async (registration: FunctionRegistration, timer: Timer): Promise<void> => {
    await invokeFunction(registration, timer, log, async () => undefined);
  };
  const timers = createTimerScheduler(timerFunctions, invokeTimer, log);
  const server = createServer(
    createHttpRequestHandler({
      routes,
      timers,
      functionKey: options.functionKey,
      log,
      defaultHost: hostname,
    }),
  );

  const port = await listen(server, options.port ?? 7071, hostname);
  timers.start();

  let closing: Promise<void> | undefined;

  return {
    url: `http://${hostname}:${port}`,
    port,
    routePrefix: app.routePrefix,
    registrations: app.registrations,
    fireTimer: (name) => timers.fire(name),
    close: () => {
      closing ??= (async () => {
        timers.stop();
        await closeServer(server);
        await runAppHooks("appTerminate", appHookData);
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

function warnAboutUnservedTriggers(
  registrations: readonly FunctionRegistration[],
  log: HostLogSink,
): void {
  for (const registration of registrations) {
    const trigger = describeTrigger(registration);
    if (trigger.kind === "other") {
      const subject = `Function "${registration.name}" (${trigger.type})`;
      log.out(formatLogLine("warning", "host", `${subject} is not run by the local host.`));
    }
  }
}
