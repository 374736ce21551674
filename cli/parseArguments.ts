import { parseArgs } from "node:util";

import type { AccountsOptions } from "./accountsCommand";
import { parseDuration } from "./duration";
import { UsageError } from "./errors";
import type { ExportOptions } from "./exportCommand";
import type { ImportOptions } from "./importCommand";
import type { LoginOptions } from "./loginCommand";
import { messages } from "./messages";
import type { RestoreOptions } from "./restoreCommand";
import type { SnapshotOptions } from "./snapshotCommand";
import type { SnapshotsOptions } from "./snapshotsCommand";
import type { TokenOptions } from "./tokenCommand";

export type Command =
  | { name: "help"; asked: boolean }
  | { name: "token"; options: TokenOptions }
  | { name: "login"; options: LoginOptions }
  | { name: "accounts"; options: AccountsOptions }
  | { name: "snapshot"; options: SnapshotOptions }
  | { name: "snapshots"; options: SnapshotsOptions }
  | { name: "restore"; options: RestoreOptions }
  | { name: "export"; options: ExportOptions }
  | { name: "import"; options: ImportOptions };

const optionSpec = {
  tenant: { type: "string" },
  scope: { type: "string", multiple: true },
  account: { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  label: { type: "string" },
  snapshot: { type: "string" },
  mode: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type OptionName = keyof typeof optionSpec;

const optionsOf: Record<Exclude<Command["name"], "help">, readonly OptionName[]> = {
  token: ["tenant", "scope", "account", "timeout", "json"],
  login: ["tenant", "scope", "timeout"],
  accounts: ["tenant", "json"],
  snapshot: ["tenant", "label", "json"],
  snapshots: ["tenant", "json"],
  restore: ["tenant", "snapshot", "mode", "json"],
  export: ["tenant", "out"],
  import: ["tenant", "mode", "json"],
};

const restoreModes = ["replace", "merge"];

/** Turns the command line (without node and the script) into a command; throws `UsageError`. */
export function parseArguments(argv: string[]): Command {
  const { values, positionals } = parseWithUsageErrors(argv);

  if (values.help) return { name: "help", asked: true };
  if (positionals.length === 0) return { name: "help", asked: false };

  const [name, ...extra] = positionals as [string, ...string[]];
  if (!isCommandName(name)) throw new UsageError(messages.unknownCommand(name));
  // Only import takes an argument: the file.
  const file = name === "import" ? extra.shift() : undefined;
  if (extra[0] !== undefined) throw new UsageError(messages.unexpectedArgument(extra[0]));

  for (const option of Object.keys(values) as OptionName[]) {
    if (option !== "help" && !optionsOf[name].includes(option)) {
      throw new UsageError(messages.optionNotForCommand(option, name));
    }
  }

  const tenant = required(values.tenant, "tenant");
  const scopes = (values.scope ?? []).filter((scope) => scope !== "");
  const timeoutMs = values.timeout === undefined ? undefined : timeout(values.timeout);
  const json = values.json ?? false;

  switch (name) {
    case "token": {
      if (scopes.length === 0) throw new UsageError(messages.missingOption("scope"));
      const options: TokenOptions = { tenant, scopes, json };
      if (values.account) options.account = values.account;
      if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
      return { name, options };
    }
    case "login": {
      const options: LoginOptions = { tenant, scopes };
      if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
      return { name, options };
    }
    case "accounts":
    case "snapshots":
      return { name, options: { tenant, json } };
    case "snapshot":
      return { name, options: { tenant, json, ...optional("label", values.label) } };
    case "restore": {
      const snapshot = required(values.snapshot, "snapshot");
      return { name, options: { tenant, snapshot, json, ...restoreMode(values.mode) } };
    }
    case "export":
      return { name, options: { tenant, out: required(values.out, "out") } };
    case "import":
      if (file === undefined || file === "") throw new UsageError(messages.missingFile);
      return { name, options: { tenant, file, json, ...restoreMode(values.mode) } };
  }
}

function parseWithUsageErrors(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = unknownOption(argv);
    if (unknown !== undefined) throw new UsageError(messages.unknownOption(unknown));
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

// Node's own message for an unknown option suggests passing it as an argument after `--`,
// which no command here takes; the option is named as it was typed (`--bogus`, `-x`).
function unknownOption(argv: string[]): string | undefined {
  const { tokens } = parseArgs({
    args: argv,
    options: optionSpec,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const unknown = tokens.find(
    (token) => token.kind === "option" && !Object.hasOwn(optionSpec, token.name),
  );
  return unknown?.kind === "option" ? unknown.rawName : undefined;
}

function isCommandName(name: string): name is keyof typeof optionsOf {
  return Object.hasOwn(optionsOf, name);
}

function required(value: string | undefined, option: OptionName): string {
  if (value === undefined || value.trim() === "") {
    throw new UsageError(messages.missingOption(option));
  }
  return value.trim();
}

function optional<K extends string>(name: K, value: string | undefined) {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: string };
}

function restoreMode(mode: string | undefined): { mode?: string } {
  if (mode !== undefined && !restoreModes.includes(mode)) {
    throw new UsageError(messages.badMode(mode));
  }
  return optional("mode", mode);
}

function timeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(messages.badDuration(text));
  return ms;
}
