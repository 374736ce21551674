import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The project's root folder (the one with `package-lock.json`), found by walking up from this
 * module, so that the local tools work from the TypeScript sources (tests) and from `dist/` alike.
 */
export const projectRoot: string = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package-lock.json"))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`No project root above ${__dirname}`);
    }
  }
})();
