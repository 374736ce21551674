import { Agent, createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { azuriteConnectionString, type RunningAzurite } from "../tools/local-stack/azurite";

/** How many requests of one kind reached Azurite, and their mean time through the proxy. */
export interface OperationCount {
  count: number;
  /** From the request's arrival at the proxy to the end of Azurite's answer. */
  meanMs: number;
}

/** A pass-through in front of Azurite that counts the requests reaching it. */
export interface CountingProxy {
  /** Reaches Azurite's blob and table services through the proxy. */
  connectionString: string;
  /** Counts from zero, from now on. */
  startCounting(): void;
  /** Stops counting and returns the requests counted, by kind (`blob PUT`, ...). */
  stopCounting(): Record<string, OperationCount>;
  close(): Promise<void>;
}

type Service = "blob" | "table";

/**
 * Starts a plain HTTP proxy on 127.0.0.1 for each of Azurite's blob and table ports. Requests
 * and answers pass unchanged (shared-key signatures do not cover the port); only their method,
 * path and a few headers are looked at, to name the kind of storage operation.
 */
export async function startCountingProxy(azurite: RunningAzurite): Promise<CountingProxy> {
  const agent = new Agent({ keepAlive: true });
  // The requests of the counting window under way, by kind; undefined while not counting.
  let counts: Map<string, { count: number; totalMs: number }> | undefined;

  const servers: Server[] = [];
  const start = async (service: Service, targetPort: number): Promise<number> => {
    const server = createServer((incoming, outgoing) => {
      const startedAt = performance.now();
      const kind = operationKind(service, incoming);
      const window = counts;
      outgoing.on("finish", () => {
        if (!window || window !== counts) return;
        const counted = window.get(kind) ?? { count: 0, totalMs: 0 };
        counted.count += 1;
        counted.totalMs += performance.now() - startedAt;
        window.set(kind, counted);
      });
      const upstream = request(
        {
          host: "127.0.0.1",
          port: targetPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
          agent,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
          answer.pipe(outgoing);
        },
      );
      upstream.on("error", () => outgoing.destroy());
      incoming.pipe(upstream);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };
  const blobPort = await start("blob", azurite.blobPort);
  const tablePort = await start("table", azurite.tablePort);

  return {
    connectionString: azuriteConnectionString(blobPort, tablePort),
    startCounting: () => {
      counts = new Map();
    },
    stopCounting: () => {
      const counted = [...(counts ?? [])].sort(([a], [b]) => a.localeCompare(b));
      counts = undefined;
      return Object.fromEntries(
        counted.map(([kind, { count, totalMs }]) => [
          kind,
          { count, meanMs: Math.round((totalMs / count) * 100) / 100 },
        ]),
      );
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      agent.destroy();
    },
  };
}

/**
 * Names a storage request by what it does, leaving out blob, table and row names: `blob GET`,
 * `blob PUT comp=lease acquire`, `table MERGE entity` (one row), `table GET rows` (a query),
 * `table POST rows` (an insert), `table POST Tables` (a table created).
 */
function operationKind(service: Service, incoming: IncomingMessage): string {
  const url = new URL(incoming.url ?? "/", "http://proxy");
  const parts = [service, incoming.method ?? "?"];
  if (service === "blob") {
    for (const name of ["restype", "comp"]) {
      const value = url.searchParams.get(name);
      if (value) parts.push(`${name}=${value}`);
    }
    const leaseAction = incoming.headers["x-ms-lease-action"];
    if (typeof leaseAction === "string") parts.push(leaseAction);
    return parts.join(" ");
  }

  const last = decodeURIComponent(url.pathname.split("/").at(-1) ?? "");
  if (/^Tables\b/.test(last)) parts.push("Tables");
  else if (/\(.+\)$/.test(last)) parts.push("entity");
  else parts.push("rows");
  return parts.join(" ");
}
