import type { Page } from "playwright-core";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  accountRow,
  launchConsoleBrowser,
  openConsole,
  openTenant,
  screenshot,
  signInOnEmulatorPage,
  startLoginInDialog,
  type ConsoleBrowser,
} from "../support/consoleBrowser";
import { CONTOSO } from "../support/flows";

const OPERATOR = "backup.operator@contoso.onmicrosoft.com";
const REVOKED_REASON = "The session was revoked (password change or sign-out everywhere)";

describe("admin console", () => {
  let stack: Stack;
  let host: RunningHost;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost({ TOKEN_CACHE_REUSE: "0s" });
    browser = await launchConsoleBrowser(stack);
    page = await browser.newConsolePage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  describe("an account's life in a tenant", () => {
    it("adds a signed-in account that appears as active without a reload", async () => {
      await openConsole(page, host, stack.functionKey);
      await openTenant(page, CONTOSO.domain);
      const loaded = await page.evaluate(() => performance.timeOrigin);

      const { dialog, userCode, verificationUri } = await startLoginInDialog(page);
      await screenshot(page, "console-add-account-dialog");
      await signInOnEmulatorPage(browser.context, verificationUri, userCode, OPERATOR);

      await dialog.getByText(`Signed in as ${OPERATOR}. The account is active.`).waitFor();
      await dialog.getByRole("button", { name: "Done" }).click();
      const row = accountRow(page, OPERATOR);
      await expect(row.getAttribute("data-status")).resolves.toBe("active");
      await expect(row.locator(".badge").textContent()).resolves.toBe("active");
      await expect(row.locator(".scopes").textContent()).resolves.toBe("Group.Read.All");
      expect(await page.evaluate(() => performance.timeOrigin)).toBe(loaded);
      await screenshot(page, "console-tenant");
    });

    it("shows login_required with the reason once the session is revoked and refreshed", async () => {
      const revoked = await stack.emulatorCall("/_emulator/users/revoke-sessions", {
        json: { tenant: CONTOSO.domain, username: OPERATOR },
      });
      expect(revoked.status).toBe(200);

      await accountRow(page, OPERATOR).getByRole("button", { name: "Refresh now" }).click();

      const row = accountRow(page, OPERATOR);
      await row.locator(".badge", { hasText: "login_required" }).waitFor();
      await expect(row.locator(".reason").textContent()).resolves.toContain(REVOKED_REASON);
      await expect(page.getByRole("status").first().textContent()).resolves.toContain(
        `Refreshed ${OPERATOR}; it is login_required`,
      );
      await screenshot(page, "console-tenant-login-required");
    });

    it("brings a removed account back from a snapshot", async () => {
      await page.getByLabel("Label (optional)").fill("before removal");
      await page.getByRole("button", { name: "Take snapshot" }).click();
      const snapshot = page.locator("#snapshots-table tbody tr", { hasText: "before removal" });
      await expect(snapshot.textContent()).resolves.toContain(OPERATOR);

      await accountRow(page, OPERATOR).getByRole("button", { name: "Remove" }).click();
      const confirm = page.getByRole("dialog", { name: `Remove ${OPERATOR}?` });
      await confirm.getByRole("button", { name: "Remove" }).click();
      await page.getByText(`Removed ${OPERATOR} and its tokens.`).waitFor();
      await expect(accountRow(page, OPERATOR).count()).resolves.toBe(0);

      await snapshot.getByRole("button", { name: /^Restore/ }).click();
      const restore = page.getByRole("dialog", { name: "Restore a snapshot" });
      // The refused refresh token was dropped before the snapshot, so it holds none.
      await expect(restore.getByRole("list").textContent()).resolves.toBe(
        `Come back, but need a sign-in, as the snapshot holds no refresh token for them: ${OPERATOR}.`,
      );
      await screenshot(page, "console-restore-dialog");
      await restore.getByRole("button", { name: "Restore", exact: true }).click();

      await accountRow(page, OPERATOR).waitFor();
      await page.getByText(`Restored (merge) ${OPERATOR}.`).waitFor();
      await expect(
        page.locator("#snapshots-table tbody tr", { hasText: "before-restore" }).count(),
      ).resolves.toBe(1);
      await screenshot(page, "console-tenant-restored");
    });

    it("never received or showed an access token, refresh token or device code", async () => {
      const secrets = await stack.issuedSecrets();
      expect(secrets.length).toBeGreaterThan(2);
      const seen = [
        await page.content(),
        String(await page.evaluate("JSON.stringify({ ...sessionStorage, ...localStorage })")),
        ...(await Promise.all(browser.received)),
      ];

      expect(browser.received.length).toBeGreaterThan(10);
      for (const secret of secrets) {
        expect(seen.filter((text) => text.includes(secret))).toEqual([]);
      }
    });
  });
});
