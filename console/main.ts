import { ApiError, BrokerApi } from "./api.js";
import type { ConsoleContext } from "./context.js";
import { byId, show } from "./dom.js";
import { forgetKey, readKey, saveKey } from "./keyStore.js";
import { failureText, TEXT } from "./messages.js";
import { Notices } from "./notices.js";
import { TenantPage } from "./tenantPage.js";
import { TenantsPage } from "./tenantsPage.js";
import { refreshRelativeTimes } from "./timeView.js";

/**
 * The console's start: the key form, the two pages, and the hash routes between them
 * (`#/` the tenants, `#/tenants/{tenant}` one tenant). The API is the folder above the page:
 * `/api/console` calls `/api/tenants`, whatever route prefix the host uses.
 */
const keyView = byId("key-view", HTMLElement);
const keyInput = byId("key-input", HTMLInputElement);
const keyProblem = byId("key-problem", HTMLParagraphElement);
const forgetButton = byId("forget-key", HTMLButtonElement);
const notices = new Notices(
  byId("page-alert", HTMLParagraphElement),
  byId("page-status", HTMLParagraphElement),
);

const context: ConsoleContext = {
  api: new BrokerApi(new URL("./", location.href), readKey),
  notices,
  report(error: unknown) {
    if (error instanceof ApiError && error.failure.kind === "unauthorized") {
      forgetKey();
      askForKey(TEXT.keyRejected);
      return;
    }
    notices.error(error instanceof ApiError ? failureText(error.failure) : String(error));
  },
};
const tenantsPage = new TenantsPage(context);
const tenantPage = new TenantPage(context);

function showView(view: HTMLElement | undefined): void {
  for (const each of [keyView, tenantsPage.view, tenantPage.view]) {
    show(each, each === view);
  }
  show(forgetButton, view !== keyView);
}

function askForKey(problem: string): void {
  showView(keyView);
  keyProblem.textContent = problem;
  keyInput.value = "";
  keyInput.focus();
}

/** Shows the page the hash names, moving the focus to its heading. */
async function route(): Promise<void> {
  if (readKey() === undefined) {
    return askForKey("");
  }
  const tenant = /^#\/tenants\/([^/]+)$/.exec(location.hash)?.[1];
  if (tenant === undefined) {
    showView(tenantsPage.view);
    byId("tenants-heading", HTMLHeadingElement).focus();
    return tenantsPage.open();
  }
  showView(tenantPage.view);
  byId("tenant-heading", HTMLHeadingElement).focus();
  return tenantPage.open(decoded(tenant));
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

byId("key-form", HTMLFormElement).addEventListener("submit", (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (key !== "") {
    saveKey(key);
    keyInput.value = "";
    keyProblem.textContent = "";
    void route();
  }
});

forgetButton.addEventListener("click", () => {
  forgetKey();
  askForKey("");
  notices.success(TEXT.keyForgotten);
});

window.addEventListener("hashchange", () => {
  notices.clear();
  void route();
});
setInterval(() => refreshRelativeTimes(document), 30_000);
void route();
