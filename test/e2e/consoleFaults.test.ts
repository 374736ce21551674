import type { Page } from "playwright-core";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  accountRow,
  launchConsoleBrowser,
  openConsole,
  openTenant,
  signInOnEmulatorPage,
  startLoginInDialog,
  submitKey,
  type ConsoleBrowser,
} from "../support/consoleBrowser";
import { CONTOSO } from "../support/flows";

const ADELE = "adele.v@contoso.onmicrosoft.com";

describe("admin console faults", () => {
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

  const alertText = () => page.locator("#page-alert").textContent();

  it("asks for the key again when the service refuses it", async () => {
    await submitKey(page, host, "not-the-key");

    const problem = page.locator("#key-problem");
    await problem.filter({ hasText: /\S/ }).waitFor();
    await expect(problem.textContent()).resolves.toBe(
      "The service did not accept the function key. Enter it again.",
    );
    await expect(page.evaluate("sessionStorage.length")).resolves.toBe(0);
    await openConsole(page, host, stack.functionKey);
  });

  it("says that Entra ID knows no such tenant and shows nothing of it", async () => {
    await page.goto(`${host.url}/api/console#/tenants/nosuch.onmicrosoft.com`);

    await page.locator("#tenant-problem").filter({ hasText: /\S/ }).waitFor();
    await expect(page.locator("#tenant-problem").textContent()).resolves.toBe(
      "Microsoft Entra ID does not know this tenant: " +
        "Microsoft Entra ID knows no tenant 'nosuch.onmicrosoft.com'.",
    );
    await expect(page.locator("#tenant-content").isHidden()).resolves.toBe(true);
  });

  it("says so when the service cannot be reached", async () => {
    await page.route("**/api/tenants", (route) => route.abort("connectionrefused"));
    await page.goto(`${host.url}/api/console#/`);

    await page.locator("#page-alert").filter({ hasText: /\S/ }).waitFor();
    await expect(alertText()).resolves.toContain("The service cannot be reached.");
    await page.unroute("**/api/tenants");
  });

  it("says why when the sign-in is declined, and adds no account", async () => {
    await openTenant(page, CONTOSO.domain);
    const { dialog, userCode, verificationUri } = await startLoginInDialog(page);

    await signInOnEmulatorPage(browser.context, verificationUri, userCode, ADELE, "deny");

    await dialog.getByText("The sign-in was declined.", { exact: false }).waitFor();
    await expect(dialog.locator("#login-result-text").textContent()).resolves.toContain(
      "No account was added.",
    );
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(accountRow(page, ADELE).count()).resolves.toBe(0);
  });

  it("says so when the code expires before anyone signs in", async () => {
    const { dialog } = await startLoginInDialog(page);

    await stack.emulatorCall("/_emulator/clock", { json: { shiftSeconds: 3600 } });

    await dialog.getByText("The code expired before anyone signed in.").waitFor();
    await stack.emulatorCall("/_emulator/clock", { json: { reset: true } });
    await expect(dialog.getByRole("button", { name: "Start again" }).isVisible()).resolves.toBe(
      true,
    );
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.locator("#accounts-table tbody tr").count()).resolves.toBe(0);
  });
});
