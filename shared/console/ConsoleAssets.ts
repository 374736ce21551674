import { readFile } from "node:fs/promises";
import path from "node:path";

/** One file of the console, ready to send. */
export interface ConsoleAsset {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

// One plain file name: no folder, no dot segment, so no request can leave the console's folder.
const ASSET_NAME = /^[a-z][a-z0-9-]*\.(?:js|css)$/i;
const PAGE = "index.html";

/**
 * The console's files as the build left them in `dist/console` (modules compiled by tsc, the
 * page and its style sheet copied beside them). Files are read once and kept in memory: they
 * change only with a deployment, which starts a new process.
 */
export class ConsoleAssets {
  private readonly read = new Map<string, Promise<ConsoleAsset | undefined>>();

  constructor(private readonly folder: string = defaultConsoleFolder()) {}

  /** The page (`name` undefined) or one asset; undefined when there is no such file. */
  get(name: string | undefined): Promise<ConsoleAsset | undefined> {
    const file = name ?? PAGE;
    if (name !== undefined && !ASSET_NAME.test(name)) {
      return Promise.resolve(undefined);
    }
    let asset = this.read.get(file);
    if (!asset) {
      // A file missing now (a build under way) is looked for again on the next request.
      asset = this.load(file).then((found) => {
        if (!found) {
          this.read.delete(file);
        }
        return found;
      });
      this.read.set(file, asset);
    }
    return asset;
  }

  private async load(file: string): Promise<ConsoleAsset | undefined> {
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
    if (contentType === undefined) {
      return undefined;
    }
    try {
      return { body: await readFile(path.join(this.folder, file)), contentType };
    } catch {
      return undefined;
    }
  }
}

/** `dist/console`, seen from this module's compiled place `dist/shared/console`. */
function defaultConsoleFolder(): string {
  return path.join(__dirname, "..", "..", "console");
}
