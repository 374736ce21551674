import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot } from "../projectRoot";
import { stopChild } from "./stopChild";

/** A running Azurite, with the connection string that reaches it. */
export interface RunningAzurite {
  connectionString: string;
  blobPort: number;
  tablePort: number;
  /** Stops Azurite; its data stays in `location` unless `removeData` is set. */
  stop(options?: { removeData?: boolean }): Promise<void>;
  location: string;
}

const ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const AZURITE = path.join(projectRoot, "node_modules/azurite/dist/src/azurite.js");

/** The well-known Azurite development account's connection string for these ports. */
export function azuriteConnectionString(blobPort: number, tablePort: number): string {
  return (
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
    `AccountKey=${ACCOUNT_KEY};` +
    `BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;` +
    `TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`
  );
}

/**
 * Starts Azurite (blob and table) on free loopback ports, with its data in `location` (a new
 * temporary folder by default) so that a test can stop it and start it again on the same data.
 */
export async function startAzurite(
  options: { location?: string; blobPort?: number; tablePort?: number } = {},
): Promise<RunningAzurite> {
  const location = options.location ?? mkdtempSync(path.join(tmpdir(), "azurite-"));
  const child = spawn(
    process.execPath,
    [
      AZURITE,
      "--silent",
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--location",
      location,
      "--blobHost",
      "127.0.0.1",
      "--tableHost",
      "127.0.0.1",
      "--queueHost",
      "127.0.0.1",
      "--blobPort",
      String(options.blobPort ?? 0),
      "--tablePort",
      String(options.tablePort ?? 0),
      "--queuePort",
      "0",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const ports = await readPorts(child);
  return {
    ...ports,
    location,
    connectionString: azuriteConnectionString(ports.blobPort, ports.tablePort),
    stop: async ({ removeData = false } = {}) => {
      await stopChild(child);
      if (removeData) {
        rmSync(location, { recursive: true, force: true });
      }
    },
  };
}

function readPorts(child: ChildProcess): Promise<{ blobPort: number; tablePort: number }> {
  return new Promise((resolve, reject) => {
    let output = "";
    const found: Record<string, number> = {};
    const timer = setTimeout(() => reject(new Error(`Azurite did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const match of output.matchAll(
        /Azurite (Blob|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/g,
      )) {
        found[match[1]!] = Number(match[2]);
      }
      if (found.Blob && found.Table) {
        clearTimeout(timer);
        resolve({ blobPort: found.Blob, tablePort: found.Table });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}:\n${output}`));
    });
  });
}
