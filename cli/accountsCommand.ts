import type { AccountSummary } from "./brokerAnswers";
import type { CommandDependencies } from "./commandDependencies";
import { ExitCode } from "./exitCodes";
import { messages } from "./messages";
import { textTable } from "./textTable";
import { printable } from "./terminalText";

export interface AccountsOptions {
  tenant: string;
  json: boolean;
}

/** Lists the accounts the broker holds for a tenant, as a table or as the broker's JSON. */
export async function accountsCommand(
  options: AccountsOptions,
  { client, output }: CommandDependencies,
): Promise<ExitCode> {
  const answer = await client.listAccounts(options.tenant);

  if (options.json) {
    output.stdout(JSON.stringify(answer, null, 2));
  } else if (answer.accounts.length === 0) {
    output.stdout(messages.noAccounts(options.tenant));
  } else {
    for (const line of accountsTable(answer.accounts)) output.stdout(line);
  }
  return ExitCode.Ok;
}

function accountsTable(accounts: AccountSummary[]): string[] {
  const rows: string[][] = [
    [...messages.accountsHeader],
    ...accounts.map((account) =>
      [account.username, account.status, account.accessTokenExpiresOn].map((cell) =>
        typeof cell === "string" ? printable(cell) : "-",
      ),
    ),
  ];
  return textTable(rows);
}
