import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConsoleAssets } from "../../../shared/console/ConsoleAssets";

describe("console assets", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "console-assets-"));
  writeFileSync(path.join(folder, "index.html"), "<!doctype html>");
  writeFileSync(path.join(folder, "main.js"), "export {};");
  writeFileSync(path.join(folder, "console.css"), "body{}");
  writeFileSync(path.join(folder, "notes.txt"), "not served");
  writeFileSync(path.join(path.dirname(folder), "secret.js"), "outside the folder");
  const assets = new ConsoleAssets(folder);

  it("answers the page when no asset is named", async () => {
    const page = await assets.get(undefined);

    expect(page?.contentType).toBe("text/html; charset=utf-8");
    expect(page?.body.toString()).toBe("<!doctype html>");
  });

  it.each([
    ["main.js", "text/javascript; charset=utf-8"],
    ["console.css", "text/css; charset=utf-8"],
  ])("answers %s as %s", async (name, contentType) => {
    expect((await assets.get(name))?.contentType).toBe(contentType);
  });

  it.each(["notes.txt", "index.html", "../secret.js", "..\\secret.js", "a/main.js", "missing.js"])(
    "answers nothing for %j",
    async (name) => {
      expect(await assets.get(name)).toBeUndefined();
    },
  );

  it("finds a file that appeared after a first request missed it", async () => {
    expect(await assets.get("late.js")).toBeUndefined();
    writeFileSync(path.join(folder, "late.js"), "export {};");

    expect(await assets.get("late.js")).toBeDefined();
  });
});
