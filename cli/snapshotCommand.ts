import type { CommandDependencies } from "./commandDependencies";
import { ExitCode } from "./exitCodes";
import { messages } from "./messages";

export interface SnapshotOptions {
  tenant: string;
  label?: string;
  json: boolean;
}

/** Snapshots the tenant's token cache and prints the snapshot id (the whole answer with --json). */
export async function snapshotCommand(
  options: SnapshotOptions,
  { client, output }: CommandDependencies,
): Promise<ExitCode> {
  const snapshot = await client.createSnapshot(options.tenant, options.label);

  if (options.json) {
    output.stdout(JSON.stringify(snapshot, null, 2));
  } else {
    output.stderr(messages.snapshotTaken(snapshot.id, options.tenant, snapshot.accounts));
    output.stdout(snapshot.id);
  }
  return ExitCode.Ok;
}
