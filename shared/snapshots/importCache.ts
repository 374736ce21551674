import type { BrokerLog } from "../log/BrokerLog";
import { asCacheDocument, MSAL_SECTIONS, type CacheDocument } from "../tokenCache/cacheDocument";
import { adoptMsalCache, type DropReason } from "./adoptMsalCache";
import { backupProblems } from "./backupProblems";
import { cacheAccounts } from "./cacheAccounts";
import { isCacheExport, openCacheExport } from "./cacheExport";
import { openSealedCache } from "./openSealedCache";
import { restoreCache, type RestoreReport } from "./restoreCache";
import type { RestoreMode } from "./restoreChange";
import type { SnapshotDependencies } from "./snapshotDependencies";

/** What an import did: the restore, what kind of file it was, and what was left out. */
export interface ImportReport extends RestoreReport {
  /** `export`: this service's export; `blob`: a copy of a cache blob; `msal`: plain MSAL JSON. */
  source: ImportSource;
  dropped: Partial<Record<DropReason, number>>;
}

export type ImportSource = "export" | "blob" | "msal";

const WHAT = "the file";

/**
 * Imports a file into the tenant's cache: an export of this service, a copy of a cache blob, or
 * a plain MSAL cache from any MSAL. Only entries of this tenant and application come in, keyed
 * as msal-node keys them; the file is checked whole before anything is written.
 */
export async function importCache(
  deps: SnapshotDependencies,
  tenantId: string,
  bytes: Buffer,
  mode: RestoreMode,
  log: BrokerLog,
): Promise<ImportReport> {
  const { source, document } = readImportedFile(deps, tenantId, bytes);
  const target = { tenantId, clientId: deps.clientId, environment: deps.environment };
  const { document: adopted, dropped } = adoptMsalCache(document, target);
  if (cacheAccounts(adopted).length === 0) {
    throw backupProblems.nothingToImport(WHAT, dropped);
  }

  const report = await restoreCache(deps, tenantId, adopted, mode, log, source);
  log.info("cache.imported", { tenant: tenantId, source, dropped: JSON.stringify(dropped) });
  return { ...report, source, dropped };
}

function readImportedFile(
  deps: SnapshotDependencies,
  tenantId: string,
  bytes: Buffer,
): { source: ImportSource; document: CacheDocument } {
  if (bytes.toString("utf8").trim() === "") {
    throw backupProblems.notATokenCache(WHAT, "is empty");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw backupProblems.unreadable(WHAT, "it is not JSON (it may be truncated)");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw backupProblems.notATokenCache(WHAT, `is a JSON ${jsonKind(parsed)}, not a token cache`);
  }
  const file = parsed as Record<string, unknown>;
  if (isCacheExport(file)) {
    const origin = { tenantId, clientId: deps.clientId };
    return { source: "export", document: openCacheExport(deps.keyRing, origin, file) };
  }
  if (typeof file.format === "string") {
    return { source: "blob", document: openSealedCache(deps.keyRing, tenantId, bytes, WHAT) };
  }

  const document = asCacheDocument(file);
  const sections = MSAL_SECTIONS.join(", ");
  if (!document || !MSAL_SECTIONS.some((section) => section in file)) {
    throw backupProblems.notATokenCache(
      WHAT,
      `is JSON but not an MSAL token cache (it needs one of the sections ${sections}, each a ` +
        "map of entries)",
    );
  }
  return { source: "msal", document };
}

function jsonKind(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}
