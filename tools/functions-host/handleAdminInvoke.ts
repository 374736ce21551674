import type { IncomingMessage, ServerResponse } from "node:http";
import { isAuthorized, readFunctionKey } from "./functionKey";
import { formatLogLine, type HostLogSink } from "./hostLog";
import { readRequestBody } from "./readRequestBody";
import type { TimerScheduler } from "./timerScheduler";

/** Admin request bodies are `{}` or `{"input": "..."}`; nothing larger is needed. */
const maxAdminBodyBytes = 64 * 1024;

/** Whether a path is Azure's invoke endpoint, `admin/functions/{name}` (no route prefix). */
export function adminFunctionName(pathSegments: readonly string[]): string | undefined {
  const [admin, functions, name, ...rest] = pathSegments;
  const isAdmin = admin?.toLowerCase() === "admin" && functions?.toLowerCase() === "functions";
  return isAdmin && name !== undefined && rest.length === 0 ? name : undefined;
}

/**
 * `POST /admin/functions/{name}` with a body of `{}` or `{"input": ""}` starts a timer function
 * and answers 202 before it runs, like Azure's admin API. Azure requires the master key; the
 * local host takes its one key. A missing or wrong key is 401, an unknown name 404, a body that
 * is not a JSON object 400.
 */
export async function handleAdminInvoke(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  name: string,
  options: { functionKey: string; timers: TimerScheduler; log: HostLogSink },
): Promise<void> {
  const { functionKey, timers, log } = options;
  if (request.method !== "POST") {
    return void response.writeHead(404).end();
  }
  if (!isAuthorized("admin", readFunctionKey(request.headers, url.searchParams), functionKey)) {
    return void response.writeHead(401).end();
  }
  if (!timers.has(name)) {
    return void response.writeHead(404).end();
  }

  const body = await readRequestBody(request, maxAdminBodyBytes).catch(() => undefined);
  if (body === undefined) {
    return void response.writeHead(413, { connection: "close" }).end();
  }
  const text = body.toString("utf8").trim();
  if (text !== "" && !isJsonObject(text)) {
    return void response.writeHead(400).end();
  }

  response.writeHead(202).end();
  timers.fire(name).catch((error: unknown) => {
    log.err(formatLogLine("error", "host", `Timer "${name}" could not start: ${String(error)}`));
  });
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
