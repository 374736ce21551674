import type { CommandDependencies } from "./commandDependencies";
import { ExitCode } from "./exitCodes";
import { readLocalFile } from "./localFile";
import { messages } from "./messages";

export interface ImportOptions {
  tenant: string;
  file: string;
  mode?: string;
  json: boolean;
}

/** Sends a file to the tenant's cache and says what came in and what was left out. */
export async function importCommand(
  options: ImportOptions,
  { client, output }: CommandDependencies,
): Promise<ExitCode> {
  const file = readLocalFile(options.file);

  const answer = await client.importCache(options.tenant, file, options.mode);

  if (options.json) {
    output.stdout(JSON.stringify(answer, null, 2));
    return ExitCode.Ok;
  }
  output.stdout(messages.restored(answer.restoredAccounts, answer.mode, answer.safetySnapshot));
  if (Object.keys(answer.dropped).length > 0) output.stdout(messages.leftOut(answer.dropped));
  return ExitCode.Ok;
}
