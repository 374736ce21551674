import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./projectRoot";

/**
 * Build step: copies the console's page and style sheet from `console/` to `dist/console`, beside
 * the modules tsc compiled there, so the app serves one folder that the build made whole.
 */
const source = path.join(projectRoot, "console");
const target = path.join(projectRoot, "dist", "console");

mkdirSync(target, { recursive: true });
for (const file of readdirSync(source)) {
  if (/\.(?:html|css)$/.test(file)) {
    copyFileSync(path.join(source, file), path.join(target, file));
  }
}
