import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Lists the files that `package.json#main` names, relative to `appRoot`, sorted by name. A `*`
 * may appear in the last path segment only (`dist/functions/*.js`); it does not match names
 * starting with a dot. A pattern without `*` names one file.
 */
export function expandMainGlob(appRoot: string, pattern: string): string[] {
  const absolute = path.resolve(appRoot, pattern);
  const directory = path.dirname(absolute);
  const namePattern = path.basename(absolute);

  if (directory.includes("*") || /[?[\]{}]/.test(pattern)) {
    throw new Error(
      `package.json main "${pattern}" is not supported: only "*" in the last path segment is.`,
    );
  }
  if (!namePattern.includes("*")) {
    return [absolute];
  }

  const matcher = new RegExp(`^${namePattern.split("*").map(escapeRegExp).join("[^/]*")}$`);
  const names = listDirectory(directory).filter(
    (name) => !name.startsWith(".") && matcher.test(name),
  );

  return names
    .sort()
    .map((name) => path.join(directory, name))
    .filter((file) => statSync(file).isFile());
}

function listDirectory(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
