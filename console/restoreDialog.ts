import { byId, el } from "./dom.js";
import { restorePlanLines, TEXT } from "./messages.js";
import { planRestore, type CurrentAccount } from "./restorePlan.js";
import { describeSnapshot } from "./snapshotsView.js";
import type { RestoreMode, Snapshot } from "./types.js";

/**
 * Asks how to restore a snapshot, naming the accounts that come back, stay, or go for the mode
 * chosen, and updating that list as the mode changes.
 */
export class RestoreDialog {
  private readonly dialog = byId("restore-dialog", HTMLDialogElement);
  private readonly form = byId("restore-form", HTMLFormElement);
  private readonly which = byId("restore-which", HTMLParagraphElement);
  private readonly changes = byId("restore-changes", HTMLUListElement);
  private readonly alert = byId("restore-alert", HTMLParagraphElement);
  private update: () => void = () => {};

  constructor() {
    byId("restore-safety", HTMLParagraphElement).textContent = TEXT.restoreSafety;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.dialog.close(this.mode());
    });
    this.form.addEventListener("change", () => this.update());
    byId("restore-cancel", HTMLButtonElement).addEventListener("click", () => this.dialog.close());
  }

  /**
   * The mode chosen, or undefined when the person cancelled.
   *
   * Known gap: the change named is worked out from the accounts listed when the dialog opened; an
   * account signed in elsewhere meanwhile is not named (the restore itself keeps it).
   */
  ask(snapshot: Snapshot, signedIn: CurrentAccount[], opener: HTMLElement) {
    this.which.textContent = `Snapshot ${describeSnapshot(snapshot)}.`;
    this.alert.textContent = snapshot.unreadable ? TEXT.restoreUnreadable : "";
    this.update = () => {
      const plan = planRestore(signedIn, snapshot, this.mode());
      this.changes.replaceChildren(...restorePlanLines(plan).map((line) => el("li", {}, line)));
    };
    this.form.reset();
    this.update();
    this.dialog.returnValue = "";
    this.dialog.showModal();
    this.form.querySelector<HTMLInputElement>("input[name=mode]:checked")?.focus();

    return new Promise<RestoreMode | undefined>((resolve) => {
      this.dialog.addEventListener(
        "close",
        () => {
          opener.focus();
          const value = this.dialog.returnValue;
          resolve(value === "merge" || value === "replace" ? value : undefined);
        },
        { once: true },
      );
    });
  }

  private mode(): RestoreMode {
    const checked = this.form.querySelector<HTMLInputElement>("input[name=mode]:checked");
    return checked?.value === "replace" ? "replace" : "merge";
  }
}
