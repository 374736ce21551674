import { byId, el } from "./dom.js";

/** What a confirmation says: a question, the lines that name what changes, the action's name. */
export interface Confirmation {
  title: string;
  lines: string[];
  action: string;
}

/**
 * A modal question before anything destructive. Cancel has the focus when it opens, so Enter
 * alone never destroys; Escape cancels. Focus goes back to `opener` when it closes.
 */
export class ConfirmDialog {
  private readonly dialog = byId("confirm-dialog", HTMLDialogElement);
  private readonly title = byId("confirm-title", HTMLHeadingElement);
  private readonly body = byId("confirm-body", HTMLDivElement);
  private readonly yes = byId("confirm-yes", HTMLButtonElement);
  private readonly no = byId("confirm-no", HTMLButtonElement);

  constructor() {
    byId("confirm-form", HTMLFormElement).addEventListener("submit", (event) => {
      event.preventDefault();
      this.dialog.close("yes");
    });
    this.no.addEventListener("click", () => this.dialog.close("no"));
  }

  ask(confirmation: Confirmation, opener: HTMLElement): Promise<boolean> {
    this.title.textContent = confirmation.title;
    this.body.replaceChildren(...confirmation.lines.map((line) => el("p", {}, line)));
    this.yes.textContent = confirmation.action;
    this.dialog.returnValue = "";
    this.dialog.showModal();
    this.no.focus();
    return new Promise((resolve) => {
      this.dialog.addEventListener(
        "close",
        () => {
          opener.focus();
          resolve(this.dialog.returnValue === "yes");
        },
        { once: true },
      );
    });
  }
}
