import type { Page } from "playwright-core";

/** The name a person hears for the focused element: its label's text, else its own text. */
export async function focusedName(page: Page): Promise<string> {
  // A string, as it runs in the page: the tests' TypeScript has no DOM types.
  const name = await page.evaluate(`(() => {
    const focused = document.activeElement;
    return (focused?.labels?.[0]?.textContent ?? focused?.textContent ?? "");
  })()`);
  return String(name).replace(/\s+/g, " ").trim();
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until the focused element's name starts with
 * `name`, as a keyboard user moves through the page; fails after 30 presses.
 */
export async function tabTo(page: Page, name: string, backwards = false): Promise<void> {
  for (let presses = 0; presses <= 30; presses++) {
    if ((await focusedName(page)).startsWith(name)) {
      return;
    }
    if (presses < 30) {
      await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    }
  }
  throw new Error(`Tab never reached "${name}"; focus is on "${await focusedName(page)}"`);
}
