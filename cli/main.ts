#!/usr/bin/env node
import { accountsCommand } from "./accountsCommand";
import { BrokerClient } from "./brokerClient";
import { systemClock, type Clock } from "./clock";
import type { CommandDependencies } from "./commandDependencies";
import { CliError, UsageError } from "./errors";
import { ExitCode } from "./exitCodes";
import { exportCommand } from "./exportCommand";
import { importCommand } from "./importCommand";
import { loginCommand } from "./loginCommand";
import { messages } from "./messages";
import { processOutput, type Output } from "./output";
import { parseArguments, type Command } from "./parseArguments";
import { readSettings, settingNames } from "./readSettings";
import { restoreCommand } from "./restoreCommand";
import { snapshotCommand } from "./snapshotCommand";
import { snapshotsCommand } from "./snapshotsCommand";
import { tokenCommand } from "./tokenCommand";

export { ExitCode } from "./exitCodes";

/** Runs one command line and returns the exit code; writes only through `output`. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  clock: Clock = systemClock,
  output: Output = processOutput,
): Promise<ExitCode> {
  try {
    const command = parseArguments(argv);
    if (command.name === "help") return help(command.asked, output);

    const settings = readSettings(env);
    if (settings.unencrypted) output.stderr(messages.plainHttpWarning(settingNames.url));

    const client = new BrokerClient({ baseUrl: settings.baseUrl, key: settings.key, clock });
    return await dispatch(command, { client, clock, output });
  } catch (error) {
    return report(error, output);
  }
}

function dispatch(
  command: Exclude<Command, { name: "help" }>,
  dependencies: CommandDependencies,
): Promise<ExitCode> {
  switch (command.name) {
    case "token":
      return tokenCommand(command.options, dependencies);
    case "login":
      return loginCommand(command.options, dependencies);
    case "accounts":
      return accountsCommand(command.options, dependencies);
    case "snapshot":
      return snapshotCommand(command.options, dependencies);
    case "snapshots":
      return snapshotsCommand(command.options, dependencies);
    case "restore":
      return restoreCommand(command.options, dependencies);
    case "export":
      return exportCommand(command.options, dependencies);
    case "import":
      return importCommand(command.options, dependencies);
  }
}

// Asked for, the usage text is the result; given no command, it explains a usage error.
function help(asked: boolean, output: Output): ExitCode {
  if (asked) {
    output.stdout(messages.usage);
    return ExitCode.Ok;
  }
  output.stderr(messages.usage);
  return ExitCode.Usage;
}

// Error messages are built by this CLI from fields it chose; none holds a token or the key.
function report(error: unknown, output: Output): ExitCode {
  if (error instanceof CliError) {
    output.stderr(error.message);
    if (error instanceof UsageError) output.stderr(messages.usageHint);
    return error.exitCode;
  }

  output.stderr(messages.unexpected(error instanceof Error ? error.message : String(error)));
  return ExitCode.Unexpected;
}

if (require.main === module) {
  // A reader that stops early (`| head`, a failing `| jq`) closes the pipe: the result is no
  // longer wanted, which is the reader's business, not a crash of this CLI.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? ExitCode.Ok);
  });
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
