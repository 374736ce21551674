import { accountRows } from "./accountsView.js";
import { ApiError } from "./api.js";
import { ConfirmDialog } from "./confirmDialog.js";
import type { ConsoleContext } from "./context.js";
import { byId, show } from "./dom.js";
import { LoginDialog } from "./loginDialog.js";
import { failureText, TEXT } from "./messages.js";
import { RestoreDialog } from "./restoreDialog.js";
import { currentAccount } from "./restorePlan.js";
import { describeSnapshot, snapshotRows } from "./snapshotsView.js";
import type { Account, Snapshot } from "./types.js";

/** One tenant: its accounts and what can be done to them, and its token cache snapshots. */
export class TenantPage {
  readonly view = byId("tenant-view", HTMLElement);
  private readonly heading = byId("tenant-heading", HTMLHeadingElement);
  private readonly problem = byId("tenant-problem", HTMLParagraphElement);
  private readonly content = byId("tenant-content", HTMLDivElement);
  private readonly accountsTable = byId("accounts-table", HTMLTableElement);
  private readonly snapshotsTable = byId("snapshots-table", HTMLTableElement);
  private readonly snapshotLabel = byId("snapshot-label", HTMLInputElement);
  private readonly confirm = new ConfirmDialog();
  private readonly restoreDialog = new RestoreDialog();
  private readonly login: LoginDialog;
  private tenant = "";
  private accounts: Account[] = [];

  constructor(private readonly context: ConsoleContext) {
    this.login = new LoginDialog(context, (id) => this.loadAccounts(id));
    const add = byId("add-account", HTMLButtonElement);
    add.addEventListener("click", () => this.login.open(this.tenant, add));
    byId("snapshot-form", HTMLFormElement).addEventListener("submit", (event) => {
      event.preventDefault();
      void this.takeSnapshot(event.submitter as HTMLButtonElement | null);
    });
  }

  async open(tenant: string): Promise<void> {
    this.tenant = tenant;
    this.accounts = [];
    document.title = `${tenant} - Token broker console`;
    this.heading.textContent = tenant;
    byId("tenant-id", HTMLParagraphElement).textContent = "";
    this.problem.textContent = "";
    this.accountsTable.tBodies[0]!.replaceChildren();
    this.snapshotsTable.tBodies[0]!.replaceChildren();
    show(this.content, false);
    // Handled from the start: it may fail before the accounts answer does.
    const snapshots = this.loadSnapshots().then(
      () => undefined,
      (error: unknown) => error,
    );
    try {
      await this.loadAccounts();
      show(this.content, true);
    } catch (error) {
      return this.failed(error);
    }
    // The accounts are what matters; a snapshot listing that fails says so and leaves them shown.
    const snapshotFailure = await snapshots;
    if (snapshotFailure !== undefined) {
      this.context.report(snapshotFailure);
    }
  }

  /** Lists the accounts again; `highlight` marks the one just added. */
  private async loadAccounts(highlight?: string): Promise<void> {
    const tenant = this.tenant;
    const answer = await this.context.api.listAccounts(tenant);
    if (tenant !== this.tenant) {
      return;
    }
    this.accounts = answer.accounts;
    byId("tenant-id", HTMLParagraphElement).textContent = `Tenant ID ${answer.tenantId}`;
    const actions = {
      refresh: (account: Account, button: HTMLButtonElement) => void this.refresh(account, button),
      remove: (account: Account, button: HTMLButtonElement) => void this.remove(account, button),
    };
    this.accountsTable.tBodies[0]!.replaceChildren(
      ...accountRows(answer.accounts, actions, highlight),
    );
    this.emptyNote("accounts-empty", answer.accounts.length === 0, TEXT.noAccounts);
  }

  private async loadSnapshots(): Promise<void> {
    const tenant = this.tenant;
    const snapshots = await this.context.api.listSnapshots(tenant);
    if (tenant !== this.tenant) {
      return;
    }
    const restore = (snapshot: Snapshot, button: HTMLButtonElement) =>
      void this.restore(snapshot, button);
    this.snapshotsTable.tBodies[0]!.replaceChildren(...snapshotRows(snapshots, restore));
    this.emptyNote("snapshots-empty", snapshots.length === 0, TEXT.noSnapshots);
  }

  private async refresh(account: Account, button: HTMLButtonElement): Promise<void> {
    await this.busy(button, async () => {
      const after = await this.context.api.refreshAccount(this.tenant, account);
      await this.loadAccounts();
      const how = after.status === "active" ? "is active" : `is ${after.status}`;
      const reason = after.reason ? `: ${after.reason}` : ".";
      this.context.notices.success(`Refreshed ${after.username}; it ${how}${reason}`);
      this.focusRow(account, "button");
    });
  }

  private async remove(account: Account, button: HTMLButtonElement): Promise<void> {
    const confirmed = await this.confirm.ask(
      {
        title: `Remove ${account.username}?`,
        lines: [`From tenant ${this.tenant}.`, TEXT.removeWarning],
        action: "Remove",
      },
      button,
    );
    if (!confirmed) {
      return;
    }
    await this.busy(button, async () => {
      await this.context.api.removeAccount(this.tenant, account);
      await this.loadAccounts();
      this.context.notices.success(`Removed ${account.username} and its tokens.`);
      byId("add-account", HTMLButtonElement).focus();
    });
  }

  private async takeSnapshot(button: HTMLButtonElement | null): Promise<void> {
    await this.busy(button, async () => {
      const snapshot = await this.context.api.takeSnapshot(this.tenant, this.snapshotLabel.value);
      await this.loadSnapshots();
      this.snapshotLabel.value = "";
      const count = snapshot.accounts.length;
      this.context.notices.success(
        `Took snapshot ${describeSnapshot(snapshot)}, holding ${count} account(s).`,
      );
    });
  }

  private async restore(snapshot: Snapshot, button: HTMLButtonElement): Promise<void> {
    const signedIn = this.accounts.map(currentAccount);
    const mode = await this.restoreDialog.ask(snapshot, signedIn, button);
    if (mode === undefined) {
      return;
    }
    await this.busy(button, async () => {
      const report = await this.context.api.restoreSnapshot(this.tenant, snapshot.id, mode);
      await Promise.all([this.loadAccounts(), this.loadSnapshots()]);
      const names = report.restoredAccounts.join(", ") || "no account";
      this.context.notices.success(`Restored (${report.mode}) ${names}.`);
      // The snapshot rows were drawn again; the accounts are what the person looks at next.
      byId("add-account", HTMLButtonElement).focus();
    });
  }

  /** Runs an action with its button disabled; a failure is shown and nothing else changes. */
  private async busy(button: HTMLButtonElement | null, action: () => Promise<void>) {
    button?.setAttribute("disabled", "");
    button?.setAttribute("aria-busy", "true");
    this.context.notices.clear();
    try {
      await action();
    } catch (error) {
      this.context.report(error);
    } finally {
      button?.removeAttribute("disabled");
      button?.removeAttribute("aria-busy");
    }
  }

  private failed(error: unknown): void {
    if (error instanceof ApiError && error.failure.kind === "problem") {
      this.problem.textContent = failureText(error.failure);
      this.heading.focus();
      return;
    }
    this.context.report(error);
  }

  private focusRow(account: Account, selector: string): void {
    const rows = this.accountsTable.tBodies[0]!.rows;
    const row = [...rows].find((r) => r.dataset.account === account.homeAccountId);
    row?.querySelector<HTMLElement>(selector)?.focus();
  }

  private emptyNote(id: string, empty: boolean, text: string): void {
    const note = byId(id, HTMLParagraphElement);
    note.textContent = text;
    show(note, empty);
  }
}
