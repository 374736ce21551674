import type {
  HttpHandler,
  HttpRequest,
  HttpResponseInit,
  InvocationContext,
} from "@azure/functions";
import type { Services } from "../app/services";
import { brokerLog, type BrokerLog } from "../log/BrokerLog";
import { redactText } from "../log/redact";
import { storageUnavailable } from "../storage/storageUnavailable";
import { BrokerError } from "./BrokerError";
import { problemResponse } from "./problemResponse";

/** What a route handler gets: the request, the services, and a log bound to the invocation. */
export type RouteHandler = (
  request: HttpRequest,
  services: Services,
  log: BrokerLog,
) => Promise<HttpResponseInit>;

/**
 * The HTTP edge of every function: makes sure storage is set up, runs the handler, and turns
 * failures into problem answers. An unexpected error becomes a 500 with a generic detail; its
 * message goes to the log, redacted, never to the caller.
 */
export function handle(services: Services, handler: RouteHandler): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext) => {
    const log = brokerLog(context);
    try {
      await services.storage.ensureCreated().catch((cause: unknown) => {
        throw storageUnavailable("Storage", cause);
      });
      return await handler(request, services, log);
    } catch (error) {
      return failureResponse(error, log);
    }
  };
}

function failureResponse(error: unknown, log: BrokerLog): HttpResponseInit {
  if (error instanceof BrokerError) {
    if (!error.isCallerMistake) {
      log.warn("request.failed", { code: error.code, cause: describe(error.cause) });
    }
    return problemResponse(error);
  }
  log.error("request.crashed", { cause: describe(error) });
  return problemResponse(
    new BrokerError("internal", "The service failed to answer; the failure was logged."),
  );
}

function describe(error: unknown): string | undefined {
  if (error === undefined) {
    return undefined;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redactText(text).slice(0, 500);
}
