import { ExitCode } from "./exitCodes";

const program = "m365-token-broker";

/** What each exit code means, in the order the usage text lists them. */
const exitCodeMeanings: Record<ExitCode, string> = {
  [ExitCode.Ok]: "success",
  [ExitCode.Unexpected]: "unexpected error (a bug in this CLI)",
  [ExitCode.Usage]:
    "usage error: bad arguments, a missing environment variable, or a file that cannot be read or written",
  [ExitCode.Problem]: "the token broker answered with a problem (printed as `title: detail`)",
  [ExitCode.Unreachable]: "the token broker could not be reached, even after a few retries",
  [ExitCode.Declined]: "the sign-in was declined",
  [ExitCode.TimedOut]: "gave up waiting for the sign-in (--timeout)",
  [ExitCode.LoginFailed]: "the sign-in failed",
};

const exitCodeLines = Object.entries(exitCodeMeanings)
  .map(([code, meaning]) => `  ${code}  ${meaning}`)
  .join("\n");

const usage = `Usage: ${program} <command> [options]

Hands a delegated Microsoft 365 access token to a backup job. When the token broker holds no valid
token, asks on stderr for someone to sign in with a device code, and waits.

Commands:
  token      Print an access token on stdout, waiting for a sign-in if one is needed.
  login      Start a sign-in and wait until it completes. Prints no token.
  accounts   List the accounts the token broker holds tokens for.
  snapshot   Snapshot the tenant's token cache; prints the snapshot id on stdout.
  snapshots  List the snapshots of the tenant's token cache, newest first.
  restore    Put a snapshot back (--snapshot); the cache before is snapshotted first.
  export     Write the tenant's token cache, encrypted, to a file (--out).
  import     Put an exported file, or a plain MSAL token cache, into the tenant's cache:
             import --tenant <tenant> [--mode replace|merge] FILE

Options:
  --tenant <tenant>     Tenant id or domain name (every command; required).
  --scope <scope>       Scope to ask for; repeat for several (token: at least one; login: optional).
  --account <account>   Username or home account id whose token to take (token).
  --timeout <duration>  How long to wait for a sign-in: 90s, 15m, 2h, 1h30m, or plain seconds
                        (token, login; default: wait forever).
  --label <label>       Label of a snapshot, such as the job's run id; the same label within a
                        minute answers the same snapshot (snapshot).
  --snapshot <id>       Id of the snapshot to restore (restore; required).
  --mode <mode>         replace: the cache becomes what is restored; merge (default): what is
                        restored is added, and no account is dropped (restore, import).
  --out <file>          File to write the export to (export; required).
  --json                Print the whole answer as JSON (token, accounts, snapshot, snapshots,
                        restore, import).
  -h, --help            Show this text.

Environment:
  TOKEN_BROKER_URL      Base URL of the token broker, for example http://127.0.0.1:7071
  TOKEN_BROKER_KEY      Function key, sent in the x-functions-key header.

Exit codes:
${exitCodeLines}`;

/** Every line the CLI writes for a person to read. */
export const messages = {
  usage,
  usageHint: `Run \`${program} --help\` for usage.`,

  unknownCommand: (command: string) => `Unknown command: ${command}`,
  unknownOption: (option: string) => `Unknown option ${option}.`,
  missingCommand:
    "Name a command: token, login, accounts, snapshot, snapshots, restore, export, or import.",
  missingOption: (option: string) => `Missing option --${option}.`,
  optionNotForCommand: (option: string, command: string) =>
    `Option --${option} does not apply to the ${command} command.`,
  unexpectedArgument: (argument: string) => `Unexpected argument: ${argument}`,
  badDuration: (text: string) =>
    `--timeout ${text} is not a duration; write for example 90s, 15m, 2h, 1h30m, or 300.`,
  missingEnvironment: (name: string) => `Set the environment variable ${name}.`,
  badBrokerUrl: (name: string) => `${name} must be an http:// or https:// URL.`,
  plainHttpWarning: (name: string) =>
    `Warning: ${name} uses http:// to a host other than this machine, so the key and the ` +
    "tokens travel unencrypted.",

  signIn: (verificationUri: string, userCode: string) =>
    "We don't have a valid token. To sign in, use a web browser to open the page " +
    `${verificationUri} and enter the code ${userCode} to authenticate.`,
  validToken: (username: string) => `We have a valid token for account: ${username}`,
  otherAccountSignedIn: (username: string, wanted: string) =>
    `${username} signed in, but this job needs a token for ${wanted}; ` +
    `sign in as ${wanted} with the next code.`,
  refreshedAutomatically: (expiresOn: string) =>
    `It will be refreshed automatically; it now expires at ${expiresOn}`,
  codeExpired: (userCode: string) =>
    `Nobody signed in with the code ${userCode} before it expired; asking for a new code.`,
  retrying: (reason: string, seconds: number) => `${reason} Trying again in ${seconds}s.`,

  declined: "The sign-in was declined, so there is no token.",
  loginFailed: (reason: string) => `The sign-in failed: ${reason}`,
  loginFailedWithoutReason: "The sign-in failed; the token broker gave no reason.",
  timedOut: (waited: string) => `Gave up waiting for the sign-in after ${waited}.`,
  problem: (title: string, detail: string | undefined) =>
    detail === undefined ? title : `${title}: ${detail}`,
  statusWithoutProblem: (status: number, statusText: string) =>
    `The token broker answered HTTP ${status} ${statusText}`.trimEnd(),
  unreachable: (origin: string, cause: string) =>
    `Cannot reach the token broker at ${origin}: ${cause}`,
  unreadableAnswer: (what: string) =>
    `The token broker gave an answer this CLI does not understand: ${what}.`,
  unexpected: (cause: string) => `Unexpected error: ${cause}`,

  noAccounts: (tenant: string) => `The token broker holds no accounts for tenant ${tenant}.`,
  accountsHeader: ["USERNAME", "STATUS", "ACCESS TOKEN EXPIRES"] as const,

  missingFile: "Name the file to import: import --tenant <tenant> FILE",
  badMode: (mode: string) => `--mode ${mode} is neither replace nor merge.`,
  cannotReadFile: (file: string, cause: string) => `Cannot read ${file}: ${cause}`,
  cannotWriteFile: (file: string, cause: string) => `Cannot write ${file}: ${cause}`,
  snapshotTaken: (id: string, tenant: string, accounts: string[]) =>
    `Snapshot ${id} of tenant ${tenant} holds ${accountList(accounts)}.`,
  noSnapshots: (tenant: string) => `The token broker holds no snapshots for tenant ${tenant}.`,
  snapshotsHeader: ["ID", "CREATED", "LABEL", "ACCOUNTS", "BYTES"] as const,
  /** In the accounts column of a snapshot whose cache could not be decrypted when taken. */
  unreadableSnapshot: "(unreadable: accounts unknown)",
  restored: (accounts: string[], mode: string, safety: string | null) =>
    `Restored ${accountList(accounts)} (mode ${mode}).` +
    (safety === null ? "" : ` The cache as it was before is snapshot ${safety}.`),
  // The broker counts cache entries (accounts, tokens), not accounts, for every reason.
  leftOut: (dropped: Record<string, number>) =>
    `Cache entries left out of the file: ${Object.entries(dropped)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(", ")}.`,
  exported: (accounts: string[], tenant: string, file: string) =>
    `Exported ${accountList(accounts)} of tenant ${tenant} to ${file}.`,
};

function accountList(accounts: readonly string[]): string {
  return accounts.length === 0 ? "no accounts" : `accounts ${accounts.join(", ")}`;
}
