import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake broker received, with the time it arrived. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  /** `performance.now()` when the request arrived. */
  at: number;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of `body` as JSON, for answers that are not JSON. */
  rawBody?: string;
}

export type FakeRoute = (request: RecordedRequest, broker: FakeBroker) => FakeReply;

export const fakeKey = "fake-function-key-5d41402a";

/**
 * A stand-in for the token broker on 127.0.0.1 and a port the system picks. Each test gives it a
 * route that answers from the test's own state; requests without the key are refused with 401.
 */
export class FakeBroker {
  readonly requests: RecordedRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly route: FakeRoute,
  ) {
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      void this.answer(request, response);
    });
  }

  static async start(route: FakeRoute): Promise<FakeBroker> {
    const broker = new FakeBroker(createServer(), route);
    await new Promise<void>((resolve) => broker.server.listen(0, "127.0.0.1", resolve));
    return broker;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The requests whose path starts with `prefix`, in arrival order. */
  requestsTo(prefix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.startsWith(prefix));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const recorded: RecordedRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      body: await readBody(request),
      at,
    };
    this.requests.push(recorded);

    const reply =
      request.headers["x-functions-key"] === fakeKey
        ? this.route(recorded, this)
        : problem(401, "Unauthorized", "The function key is missing or wrong.");
    response.writeHead(reply.status, { "content-type": contentType(reply), ...reply.headers });
    response.end(reply.rawBody ?? JSON.stringify(reply.body ?? {}));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function problem(status: number, title: string, detail: string): FakeReply {
  return { status, body: { type: "about:blank", title, detail, status } };
}

function contentType(reply: FakeReply): string {
  if (reply.rawBody !== undefined) return "text/plain";
  return reply.status >= 400 ? "application/problem+json" : "application/json";
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);

  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}
