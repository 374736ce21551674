import type { CommandDependencies } from "./commandDependencies";
import { ExitCode } from "./exitCodes";
import { messages } from "./messages";
import { textTable } from "./textTable";
import type { SnapshotAnswer } from "./snapshotAnswers";

export interface SnapshotsOptions {
  tenant: string;
  json: boolean;
}

/** Lists the snapshots of the tenant's token cache, newest first, as a table or as JSON. */
export async function snapshotsCommand(
  options: SnapshotsOptions,
  { client, output }: CommandDependencies,
): Promise<ExitCode> {
  const answer = await client.listSnapshots(options.tenant);

  if (options.json) {
    output.stdout(JSON.stringify(answer, null, 2));
  } else if (answer.snapshots.length === 0) {
    output.stdout(messages.noSnapshots(options.tenant));
  } else {
    for (const line of snapshotsTable(answer.snapshots)) output.stdout(line);
  }
  return ExitCode.Ok;
}

function snapshotsTable(snapshots: SnapshotAnswer[]): string[] {
  const rows: string[][] = [
    [...messages.snapshotsHeader],
    ...snapshots.map((snapshot) => [
      snapshot.id,
      snapshot.createdOn,
      snapshot.label || "-",
      snapshot.unreadable ? messages.unreadableSnapshot : snapshot.accounts.join(",") || "-",
      String(snapshot.sizeBytes),
    ]),
  ];
  return textTable(rows);
}
