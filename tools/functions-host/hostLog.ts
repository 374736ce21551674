/** Where the host writes: context logs and host messages to `out`, failures to `err`. */
export interface HostLogSink {
  out(line: string): void;
  err(line: string): void;
}

export const processLogSink: HostLogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** The source shown for a function's log lines: `name (invocationId)`. */
export function invocationSource(functionName: string, invocationId: string): string {
  return `${functionName} (${invocationId})`;
}

/**
 * One log line: `[ISO time] [level] source: message`. Line breaks in the message are escaped as
 * `\n` so that each call stays on one line; stacks are the exception and are written after the
 * line by the caller.
 */
export function formatLogLine(level: string, source: string, message: string): string {
  const flat = message.replace(/\r?\n/g, "\\n");
  return `[${new Date().toISOString()}] [${level}] ${source}: ${flat}`;
}

/** The message of an error, then its stack on the following lines when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.stack ? `${error.message}\n${error.stack}` : error.message;
  }
  return String(error);
}
