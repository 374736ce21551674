/** Process exit codes of the CLI; the usage text lists them from here so they cannot drift. */
export const ExitCode = {
  Ok: 0,
  Unexpected: 1,
  Usage: 2,
  Problem: 3,
  Unreachable: 4,
  Declined: 5,
  TimedOut: 6,
  LoginFailed: 7,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
