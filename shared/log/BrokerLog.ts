import { redactFields, type LogFields } from "./redact";

/** The few log calls the domain makes: an event name plus fields, one line per state change. */
export interface BrokerLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** The part of the Functions InvocationContext that logging needs. */
export interface LogSink {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  readonly invocationId: string;
}

/**
 * Writes structured lines through the invocation context, so that each names its invocation,
 * with every field passed through redaction first.
 */
export function brokerLog(sink: LogSink): BrokerLog {
  const line = (event: string, fields: LogFields = {}): string =>
    `${event} ${JSON.stringify({ ...redactFields(fields), invocationId: sink.invocationId })}`;
  return {
    info: (event, fields) => sink.info(line(event, fields)),
    warn: (event, fields) => sink.warn(line(event, fields)),
    error: (event, fields) => sink.error(line(event, fields)),
  };
}

/** A log that writes nothing, for code paths and tests that have no context. */
export const silentLog: BrokerLog = { info: () => {}, warn: () => {}, error: () => {} };
