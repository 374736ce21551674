import { attentionFirst, scopeLines } from "./accountOrder.js";
import { lacksConsentInPart, refreshTokenWorks } from "./accountState.js";
import { el } from "./dom.js";
import { PARTIAL_CONSENT_WORDS, STATUS_WORDS } from "./messages.js";
import { timeView } from "./timeView.js";
import type { Account } from "./types.js";

/** What a person can do to one account row. */
export interface AccountActions {
  refresh(account: Account, button: HTMLButtonElement): void;
  remove(account: Account, button: HTMLButtonElement): void;
}

/** The rows of the accounts table, those that need attention first. */
export function accountRows(
  accounts: readonly Account[],
  actions: AccountActions,
  highlighted?: string,
): HTMLTableRowElement[] {
  return attentionFirst(accounts).map((account) => {
    const row = accountRow(account, actions);
    if (account.homeAccountId === highlighted) {
      row.classList.add("fresh");
    }
    return row;
  });
}

function accountRow(account: Account, actions: AccountActions): HTMLTableRowElement {
  const scopes = scopeLines(account);
  return el(
    "tr",
    { "data-account": account.homeAccountId, "data-status": account.status },
    el(
      "th",
      { scope: "row" },
      el("span", { class: "username" }, ...usernameParts(account.username)),
      el(
        "span",
        { class: "row-actions" },
        actionButton("Refresh now", account, (button) => actions.refresh(account, button)),
        actionButton("Remove", account, (button) => actions.remove(account, button), "danger"),
      ),
    ),
    el("td", {}, statusView(account)),
    el("td", {}, accessTokenView(account)),
    el("td", {}, timeView(account.lastRefreshAt, "not yet")),
    el("td", {}, timeView(account.refreshTokenUsedAt, "not yet")),
    el(
      "td",
      { class: "scopes" },
      scopes.length === 0
        ? el("span", { class: "muted" }, "none yet")
        : el("ul", {}, ...scopes.map((line) => el("li", {}, line))),
    ),
  );
}

/** The username as text, with a line break allowed before the "@" of a long one. */
function usernameParts(username: string): Array<string | HTMLElement> {
  const at = username.lastIndexOf("@");
  return at <= 0 ? [username] : [username.slice(0, at), el("wbr"), username.slice(at)];
}

// A refused refresh token drops the account's cached access tokens with it; the time the table
// remembers would promise a token that is gone.
function accessTokenView(account: Account): HTMLElement {
  return refreshTokenWorks(account)
    ? timeView(account.accessTokenExpiresOn, "no token yet")
    : el("span", { class: "muted" }, "none usable until someone signs in");
}

function statusView(account: Account): HTMLElement {
  const words = lacksConsentInPart(account)
    ? PARTIAL_CONSENT_WORDS
    : (STATUS_WORDS[account.status] ?? "");
  return el(
    "div",
    { class: "status" },
    el("span", { class: `badge badge-${account.status}` }, account.status),
    el("span", { class: "reason" }, account.reason ?? words),
    account.reason !== undefined && el("span", { class: "muted block" }, words),
  );
}

/** A row's button; its name for screen readers includes the account ("Remove adele@..."). */
function actionButton(
  label: string,
  account: Account,
  onClick: (button: HTMLButtonElement) => void,
  kind = "",
): HTMLButtonElement {
  const button = el(
    "button",
    { type: "button", class: kind },
    label,
    el("span", { class: "visually-hidden" }, ` ${account.username}`),
  );
  button.addEventListener("click", () => onClick(button));
  return button;
}
