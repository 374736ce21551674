import type { Page } from "playwright-core";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  accountRow,
  launchConsoleBrowser,
  screenshot,
  signInOnEmulatorPage,
  type ConsoleBrowser,
} from "../support/consoleBrowser";
import { FABRIKAM } from "../support/flows";
import { focusedName, tabTo } from "../support/keyboard";

const OPERATOR = "backup.operator@fabrikam.onmicrosoft.com";

describe("admin console with the keyboard alone", () => {
  let stack: Stack;
  let host: RunningHost;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    stack = await Stack.start();
    host = await stack.startHost();
    browser = await launchConsoleBrowser(stack);
    page = await browser.newConsolePage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("adds a signed-in account with Tab and Enter", async () => {
    await page.goto(`${host.url}/api/console`);
    await page.getByRole("textbox", { name: "Function key" }).waitFor();
    expect(await focusedName(page)).toBe("Function key");
    await page.keyboard.type(stack.functionKey);
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
    await tabTo(page, "Open a tenant by domain or GUID");
    await page.keyboard.type(FABRIKAM.domain);
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { name: FABRIKAM.domain, level: 1 }).waitFor();
    // As a person would, wait until the accounts are shown: while they load, Tab has nothing
    // to reach past the heading.
    await page.getByRole("heading", { name: "Signed-in accounts", level: 2 }).waitFor();
    await tabTo(page, "Add signed-in account");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Add signed-in account" });
    await dialog.waitFor();
    expect(await focusedName(page)).toContain("Group.Read.All");
    await screenshot(page, "console-add-account-scopes");
    await tabTo(page, "Start sign-in");
    await page.keyboard.press("Enter");

    await dialog.locator("#login-user-code").filter({ hasText: /\S/ }).waitFor();
    expect(await focusedName(page)).toBe("Copy code");
    const userCode = (await dialog.locator("#login-user-code").textContent()) ?? "";
    await tabTo(page, "https://127.0.0.1", true);
    const [signInPage] = await Promise.all([
      browser.context.waitForEvent("page"),
      page.keyboard.press("Enter"),
    ]);
    await signInPage.waitForLoadState();
    await signInOnEmulatorPage(browser.context, signInPage.url(), userCode, OPERATOR);
    await signInPage.close();

    await dialog.getByText(`Signed in as ${OPERATOR}.`).waitFor();
    expect(await focusedName(page)).toBe("Done");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    expect(await focusedName(page)).toBe("Add signed-in account");
    await expect(accountRow(page, OPERATOR).getAttribute("data-status")).resolves.toBe("active");
  });
});
