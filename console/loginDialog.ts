import { ApiError } from "./api.js";
import type { ConsoleContext } from "./context.js";
import { byId, show, webAddress } from "./dom.js";
import { followLogin } from "./followLogin.js";
import { failureText, loginOutcomeText, TEXT } from "./messages.js";
import { countdown, localTime, parseTime } from "./time.js";
import type { Login } from "./types.js";

type Step = "start" | "code" | "result";

/**
 * "Add signed-in account": starts a device-code login for the scopes chosen, shows the user
 * code and where to enter it, counts down to its expiry, follows the login as the API says, and
 * ends with the new account or why there is none. Closing the dialog stops following; a login
 * nobody follows is never redeemed, so no account appears behind the person's back.
 */
export class LoginDialog {
  private readonly dialog = byId("login-dialog", HTMLDialogElement);
  private readonly form = byId("login-start", HTMLFormElement);
  private readonly alert = byId("login-alert", HTMLParagraphElement);
  private readonly link = byId("login-link", HTMLAnchorElement);
  private readonly userCode = byId("login-user-code", HTMLParagraphElement);
  private readonly countdown = byId("login-countdown", HTMLSpanElement);
  private readonly progress = byId("login-progress", HTMLParagraphElement);
  private readonly copyStatus = byId("login-copy-status", HTMLSpanElement);
  private readonly result = byId("login-result-text", HTMLParagraphElement);
  private readonly done = byId("login-done", HTMLButtonElement);
  private readonly again = byId("login-again", HTMLButtonElement);
  private readonly steps: Record<Step, HTMLElement> = {
    start: this.form,
    code: byId("login-code", HTMLElement),
    result: byId("login-result", HTMLElement),
  };
  private tenant = "";
  private opener: HTMLElement | undefined;
  private following: AbortController | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly context: ConsoleContext,
    private readonly signedIn: (homeAccountId: string) => Promise<void>,
  ) {
    byId("login-scopes-hint", HTMLParagraphElement).textContent = TEXT.defaultScopes;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.start();
    });
    for (const button of this.dialog.querySelectorAll<HTMLButtonElement>("button.close")) {
      button.addEventListener("click", () => this.dialog.close());
    }
    byId("login-copy", HTMLButtonElement).addEventListener("click", () => void this.copy());
    this.again.addEventListener("click", () => this.showStep("start"));
    this.dialog.addEventListener("close", () => {
      this.stop();
      this.opener?.focus();
    });
  }

  open(tenant: string, opener: HTMLElement): void {
    this.tenant = tenant;
    this.opener = opener;
    byId("login-tenant", HTMLParagraphElement).textContent = `Tenant ${tenant}`;
    this.form.reset();
    this.dialog.showModal();
    this.showStep("start");
  }

  private async start(): Promise<void> {
    const submit = this.form.querySelector<HTMLButtonElement>("button[type=submit]");
    submit?.setAttribute("disabled", "");
    this.alert.textContent = "";
    const following = new AbortController();
    this.following = following;
    try {
      const { body, retryAfterSeconds } = await this.context.api.startLogin(
        this.tenant,
        this.chosenScopes(),
      );
      if (following.signal.aborted) {
        return;
      }
      this.showCode(body);
      const ended = await followLogin(body, {
        poll: (signal) => this.context.api.pollLogin(this.tenant, body.id, signal),
        signal: following.signal,
        firstWaitSeconds: retryAfterSeconds ?? body.interval ?? 5,
        onTrouble: (trouble) => {
          this.progress.textContent = trouble ? TEXT.pollingUnreachable : TEXT.waiting;
        },
      });
      await this.finish(ended);
    } catch (error) {
      if (!following.signal.aborted) {
        this.fail(error);
      }
    } finally {
      submit?.removeAttribute("disabled");
      this.stopTicker();
    }
  }

  private showCode(login: Login): void {
    const address = webAddress(login.verificationUri);
    this.link.textContent = login.verificationUri ?? "";
    if (address === undefined) {
      this.link.removeAttribute("href");
    } else {
      this.link.href = address;
    }
    this.userCode.textContent = login.userCode ?? "";
    this.copyStatus.textContent = "";
    this.progress.textContent = TEXT.waiting;

    const expiresAt = parseTime(login.expiresOn);
    byId("login-expiry", HTMLSpanElement).textContent =
      expiresAt === undefined ? "" : `(at ${localTime(expiresAt)})`;
    const tick = () => {
      const left = (expiresAt ?? Date.now()) - Date.now();
      this.countdown.textContent = countdown(left);
      if (left <= 0) {
        this.progress.textContent = TEXT.codeExpiring;
      }
    };
    tick();
    this.ticker = setInterval(tick, 1000);
    this.showStep("code");
  }

  private async finish(login: Login): Promise<void> {
    this.stopTicker();
    const account = login.account;
    if (login.status === "completed" && account) {
      // The account is there whatever the listing does; a failed listing is reported on its own.
      await this.signedIn(account.homeAccountId).catch((error: unknown) =>
        this.context.report(error),
      );
      this.result.className = "result success";
      this.result.textContent = `Signed in as ${account.username}. The account is active.`;
      show(this.again, false);
    } else {
      this.result.className = "result error";
      this.result.textContent = loginOutcomeText(login);
      show(this.again, true);
    }
    this.showStep("result");
  }

  private fail(error: unknown): void {
    if (error instanceof ApiError && error.failure.kind === "unauthorized") {
      this.dialog.close();
      this.context.report(error);
      return;
    }
    const text = error instanceof ApiError ? failureText(error.failure) : String(error);
    if (this.steps.start.hidden) {
      this.result.className = "result error";
      this.result.textContent = `${text} No account was added.`;
      show(this.again, true);
      this.showStep("result");
    } else {
      this.alert.textContent = text;
    }
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.userCode.textContent ?? "");
      this.copyStatus.textContent = TEXT.codeCopied;
    } catch {
      getSelection()?.selectAllChildren(this.userCode);
      this.copyStatus.textContent = TEXT.codeNotCopied;
    }
  }

  // Known gap: the choices are the three Graph scopes the README asks to register, plus free text;
  // the page does not know the service's DEFAULT_SCOPES, so it can only say that choosing nothing
  // asks for them. An API answer naming them would let the page show and pre-select them.
  private chosenScopes(): string[] {
    const checked = [...this.form.querySelectorAll<HTMLInputElement>("input[name=scope]:checked")];
    const more = byId("login-more", HTMLInputElement).value.split(/\s+/);
    return [...new Set([...checked.map((box) => box.value), ...more])].filter((s) => s !== "");
  }

  /** Shows one step and puts the focus where that step starts. */
  private showStep(step: Step): void {
    for (const [name, element] of Object.entries(this.steps)) {
      show(element, name === step);
    }
    if (step === "start") {
      this.alert.textContent = "";
      this.form.querySelector<HTMLInputElement>("input")?.focus();
    } else if (step === "code") {
      byId("login-copy", HTMLButtonElement).focus();
    } else {
      (this.again.hidden ? this.done : this.again).focus();
    }
  }

  private stop(): void {
    this.following?.abort();
    this.following = undefined;
    this.stopTicker();
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
