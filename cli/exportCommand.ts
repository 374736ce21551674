import type { CommandDependencies } from "./commandDependencies";
import { ExitCode } from "./exitCodes";
import { writeLocalFile } from "./localFile";
import { messages } from "./messages";

export interface ExportOptions {
  tenant: string;
  out: string;
}

/** Writes the tenant's encrypted export to `out`. Its tokens are encrypted; none is printed. */
export async function exportCommand(
  options: ExportOptions,
  { client, output }: CommandDependencies,
): Promise<ExitCode> {
  const file = await client.exportCache(options.tenant);

  writeLocalFile(options.out, file);
  output.stdout(messages.exported(accountsIn(file), options.tenant, options.out));
  return ExitCode.Ok;
}

// The usernames the export lists in clear; nothing else of it is read.
function accountsIn(file: string): string[] {
  const accounts = (JSON.parse(file) as { accounts?: unknown }).accounts;
  return Array.isArray(accounts) ? accounts.filter((name) => typeof name === "string") : [];
}
