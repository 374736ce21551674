import { readFileSync, renameSync, writeFileSync } from "node:fs";
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
