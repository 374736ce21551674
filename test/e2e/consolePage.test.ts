import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { loadDefaultDirectory } from "../../tools/entra-emulator/directory";
import type { Directory } from "../../tools/entra-emulator/emulator";
import { Stack, type RunningHost } from "../../tools/local-stack/stack";
import {
  accountRow,
  launchConsoleBrowser,
  openConsole,
  openTenant,
  screenshot,
  type ConsoleBrowser,
} from "../support/consoleBrowser";
import { CONTOSO, signIn } from "../support/flows";

const MARKUP_USER = `<img src=x onerror="window.pwned=1">@contoso.onmicrosoft.com`;
const ADELE = "adele.v@contoso.onmicrosoft.com";

/** The emulator's directory with one more Contoso user, whose username is an HTML element. */
function directoryWithMarkupUser(): Directory {
  const directory = loadDefaultDirectory();
  const contoso = directory.tenants.find((tenant) => tenant.tenantId === CONTOSO.id)!;
  contoso.users.push({ oid: randomUUID(), username: MARKUP_USER, displayName: "<b>Mallory</b>" });
  return directory;
}

describe("the console's page and what it shows", () => {
  let stack: Stack;
  let host: RunningHost;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    stack = await Stack.start({ emulator: { directory: directoryWithMarkupUser() } });
    host = await stack.startHost({ TOKEN_CACHE_REUSE: "0s" });
    browser = await launchConsoleBrowser(stack);
    page = await browser.newConsolePage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  describe("serving", () => {
    it("serves the page without a key, under a policy that runs no inline script", async () => {
      const answer = await stack.api(host, "/api/console", { key: null });

      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      const policy = answer.headers["content-security-policy"] ?? "";
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain("unsafe");
      expect(answer.text).not.toMatch(/<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=/i);
    });

    it.each([
      ["main.js", "text/javascript; charset=utf-8"],
      ["console.css", "text/css; charset=utf-8"],
    ])("serves %s as %s", async (asset, contentType) => {
      const answer = await stack.api(host, `/api/console/${asset}`, { key: null });

      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toBe(contentType);
    });

    it.each(["nothing.js", "..%2Fhost.json", "..%2F..%2Fpackage.json", "tsconfig.json"])(
      "answers 404 to /api/console/%s",
      async (asset) => {
        expect((await stack.api(host, `/api/console/${asset}`, { key: null })).status).toBe(404);
      },
    );

    it("sends /api/console/ to /api/console, where the page's links resolve", async () => {
      const answer = await fetch(`${host.url}/api/console/`, { redirect: "manual" });

      expect(answer.status).toBe(308);
      expect(answer.headers.get("location")).toBe("/api/console");
    });

    it("keeps the tenants list behind the function key", async () => {
      expect((await stack.api(host, "/api/tenants", { key: null })).status).toBe(401);
    });
  });

  describe("GET /api/tenants", () => {
    it("answers each tenant with its domains, accounts and how many need attention", async () => {
      await signIn(stack, host, CONTOSO.domain, MARKUP_USER);
      const adele = await signIn(stack, host, "contoso.com", ADELE);
      await stack.emulatorCall("/_emulator/users/revoke-sessions", {
        json: { tenant: CONTOSO.domain, username: ADELE },
      });
      const refreshPath = `/api/tenants/${CONTOSO.id}/accounts/${adele.homeAccountId}/refresh`;
      await stack.api(host, refreshPath, { method: "POST" });

      const answer = await stack.api(host, "/api/tenants");

      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        tenants: [
          {
            tenantId: CONTOSO.id,
            domains: ["contoso.com", "contoso.onmicrosoft.com"],
            accountCount: 2,
            attentionCount: 1,
          },
        ],
      });
    });
  });

  describe("data holding markup", () => {
    it("lists the tenant with the count of accounts that need attention", async () => {
      await openConsole(page, host, stack.functionKey);

      const row = page.locator("#tenants-table tbody tr");
      await row.filter({ hasText: "contoso.com" }).waitFor();
      await expect(row.locator("td").allTextContents()).resolves.toEqual([CONTOSO.id, "2", "1"]);
      await screenshot(page, "console-tenants");
    });

    it("shows a username holding markup as the text it is, and runs nothing", async () => {
      await openTenant(page, CONTOSO.domain);

      const username = accountRow(page, MARKUP_USER).locator(".username");
      await expect(username.textContent()).resolves.toBe(MARKUP_USER);
      await expect(page.locator("main img").count()).resolves.toBe(0);
      await expect(page.evaluate("'pwned' in window")).resolves.toBe(false);
      const rows = page.locator("#accounts-table tbody tr");
      await expect(rows.first().getAttribute("data-status")).resolves.toBe("login_required");
      await screenshot(page, "console-tenant-markup");
    });
  });
});
