import { accessSync, constants, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { FileError } from "./errors";
import { messages } from "./messages";

/** Reads a file named on the command line; a failure is a FileError naming it. */
export function readLocalFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new FileError(messages.cannotReadFile(path, describe(error)), { cause: error });
  }
}

/**
 * Checks, before anything is asked of the broker, that `writeLocalFile(path)` can succeed: the
 * folder exists and is writable, and `path` is not a folder. A failure is a FileError naming it.
 */
export function checkWritableFile(path: string): void {
  try {
    if (!statSync(dirname(path)).isDirectory()) {
      throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
    }
    accessSync(dirname(path), constants.W_OK | constants.X_OK);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw Object.assign(new Error("a folder"), { code: "EISDIR" });
    }
  } catch (error) {
    throw new FileError(messages.cannotWriteFile(path, describe(error)), { cause: error });
  }
}

/**
 * Writes a file named on the command line so that it appears whole or not at all (written beside
 * it, then renamed), readable only by its owner.
 */
export function writeLocalFile(path: string, text: string): void {
  const partial = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(partial, text, { mode: 0o600 });
    renameSync(partial, path);
  } catch (error) {
    throw new FileError(messages.cannotWriteFile(path, describe(error)), { cause: error });
  }
}

// Node's code (ENOENT, EACCES) says it best; the message repeats the path.
function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : String(error);
}
