import type { CommandDependencies } from "./commandDependencies";
import { ExitCode } from "./exitCodes";
import { checkWritableFile, writeLocalFile } from "./localFile";
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
  // Nothing is exported (and logged by the broker) for a file that could not be written.
  checkWritableFile(options.out);
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
