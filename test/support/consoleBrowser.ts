import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import type { RunningHost, Stack } from "../../tools/local-stack/stack";

/** Debian's Chromium; the browser tests drive it and never download one. */
export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = path.join(__dirname, "..", "artifacts");

// No sandbox (tests run as root), and no traffic beyond loopback: this machine has no network,
// and a Chromium left to itself calls Google's services.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A Chromium with a new empty profile, and every answer its pages received. */
export interface ConsoleBrowser {
  context: BrowserContext;
  /** Bodies and headers of every response the console pages received, as text. */
  received: Promise<string>[];
  newConsolePage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Chromium for a suite. The emulator's certificate comes from the stack's own CA; instead
 * of turning certificate checks off, Chromium is told to accept that CA's and that server's
 * public keys only (`--ignore-certificate-errors-spki-list`), so any other certificate error
 * still fails.
 */
export async function launchConsoleBrowser(stack: Stack): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}. The console's browser tests need Debian's chromium ` +
        "package: apt-get install -y chromium (.ci/run installs it).",
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), "broker-chromium-"));
  const trusted = [stack.certs.certPath, stack.certs.caCertPath].map(spkiHash).join(",");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, `--ignore-certificate-errors-spki-list=${trusted}`],
    viewport: { width: 1280, height: 860 },
  });
  const received: Promise<string>[] = [];

  return {
    context,
    received,
    async newConsolePage() {
      const page = await context.newPage();
      page.on("response", (response) => {
        const headers = JSON.stringify(response.headers());
        received.push(
          response.text().then(
            (body) => `${headers}\n${body}`,
            () => headers,
          ),
        );
      });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The base64 SHA-256 of a certificate's public key, as Chromium's SPKI list takes it. */
function spkiHash(certificatePath: string): string {
  const certificate = new X509Certificate(readFileSync(certificatePath));
  const spki = certificate.publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}

/** Opens the console from the host and types a key into its key form. */
export async function submitKey(page: Page, host: RunningHost, key: string): Promise<void> {
  await page.goto(`${host.url}/api/console`);
  await page.getByRole("textbox", { name: "Function key" }).fill(key);
  await page.getByRole("button", { name: "Use key" }).click();
}

/** Opens the console with the right key and waits for the tenants page. */
export async function openConsole(page: Page, host: RunningHost, key: string): Promise<void> {
  await submitKey(page, host, key);
  await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
}

/** Opens a tenant through the form of the tenants page. */
export async function openTenant(page: Page, tenant: string): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/api/console#/`);
  await page.getByLabel("Open a tenant by domain or GUID").fill(tenant);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await page.getByRole("heading", { name: tenant, level: 1 }).waitFor();
}

/** The accounts table row of a username. */
export function accountRow(page: Page, username: string): Locator {
  return page.locator("#accounts-table tbody tr", {
    has: page.locator("th", { hasText: username }),
  });
}

/**
 * Signs in the way a person does, in a second tab: the emulator's code form, then its account
 * and consent form. `decision` "deny" declines instead.
 */
export async function signInOnEmulatorPage(
  context: BrowserContext,
  verificationUri: string,
  userCode: string,
  username: string,
  decision: "approve" | "deny" = "approve",
): Promise<void> {
  const page = await context.newPage();
  await page.goto(verificationUri);
  await page.getByLabel("Code").fill(userCode);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("radio", { name: username }).check();
  await page.getByRole("button", { name: decision === "approve" ? "Accept" : "Deny" }).click();
  await page.getByText(decision === "approve" ? "You have signed in" : "You declined").waitFor();
  await page.close();
}

/** Writes a screenshot under test/artifacts, for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Opens "Add signed-in account", starts the sign-in, and reads the code the dialog shows. */
export async function startLoginInDialog(page: Page) {
  await page.getByRole("button", { name: "Add signed-in account" }).click();
  const dialog = page.getByRole("dialog", { name: "Add signed-in account" });
  await dialog.getByRole("button", { name: "Start sign-in" }).click();
  const userCode = dialog.locator("#login-user-code");
  await userCode.filter({ hasText: /\S/ }).waitFor();
  return {
    dialog,
    userCode: (await userCode.textContent()) ?? "",
    verificationUri: (await dialog.locator("#login-link").getAttribute("href")) ?? "",
  };
}
