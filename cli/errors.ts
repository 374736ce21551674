import { ExitCode } from "./exitCodes";
import { messages } from "./messages";

/** A failure the CLI reports with a message of its own and a documented exit code. */
export abstract class CliError extends Error {
  abstract readonly exitCode: ExitCode;
}

/** The command line or the environment is wrong; nothing was sent. */
export class UsageError extends CliError {
  override readonly name = "UsageError";
  readonly exitCode = ExitCode.Usage;
}

/** A file named on the command line cannot be read or written; nothing was sent or changed. */
export class FileError extends CliError {
  override readonly name = "FileError";
  readonly exitCode = ExitCode.Usage;
}

/** The token broker answered with an error status; `message` is its `title: detail`. */
export class BrokerProblemError extends CliError {
  override readonly name = "BrokerProblemError";
  readonly exitCode = ExitCode.Problem;

  constructor(
    message: string,
    readonly status: number,
    /** The answer's Retry-After, if it had one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** 5xx and 429 answers are worth asking again while a person may still be signing in. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 429;
  }
}

/** The token broker answered, but not in a shape this CLI understands. */
export class BrokerAnswerError extends CliError {
  override readonly name = "BrokerAnswerError";
  readonly exitCode = ExitCode.Problem;

  constructor(what: string) {
    super(messages.unreadableAnswer(what));
  }
}

/** No answer at all: refused, reset, DNS failure, or no answer in time. */
export class BrokerUnreachableError extends CliError {
  override readonly name = "BrokerUnreachableError";
  readonly exitCode = ExitCode.Unreachable;

  constructor(origin: string, cause: unknown) {
    super(messages.unreachable(origin, describeNetworkError(cause)), { cause });
  }
}

export class LoginDeclinedError extends CliError {
  override readonly name = "LoginDeclinedError";
  readonly exitCode = ExitCode.Declined;

  constructor() {
    super(messages.declined);
  }
}

export class LoginFailedError extends CliError {
  override readonly name = "LoginFailedError";
  readonly exitCode = ExitCode.LoginFailed;

  constructor(readonly reason: string | undefined) {
    super(reason === undefined ? messages.loginFailedWithoutReason : messages.loginFailed(reason));
  }
}

export class WaitTimedOutError extends CliError {
  override readonly name = "WaitTimedOutError";
  readonly exitCode = ExitCode.TimedOut;

  constructor(waited: string) {
    super(messages.timedOut(waited));
  }
}

// fetch reports every network failure as "fetch failed"; the useful part (ECONNREFUSED, a
// timeout) is in the cause.
function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  let text = "no answer";

  while (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    text = typeof code === "string" ? code : current.message;
    current = current.cause;
  }

  return text;
}
