import type { CommandDependencies } from "./commandDependencies";
import { ExitCode } from "./exitCodes";
import { messages } from "./messages";

export interface RestoreOptions {
  tenant: string;
  snapshot: string;
  mode?: string;
  json: boolean;
}

/** Puts a snapshot back and says which accounts came back and where the previous cache is. */
export async function restoreCommand(
  options: RestoreOptions,
  { client, output }: CommandDependencies,
): Promise<ExitCode> {
  const answer = await client.restore(options.tenant, options.snapshot, options.mode);

  output.stdout(
    options.json
      ? JSON.stringify(answer, null, 2)
      : messages.restored(answer.restoredAccounts, answer.mode, answer.safetySnapshot),
  );
  return ExitCode.Ok;
}
