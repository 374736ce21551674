import { BlobServiceClient, type BlobClient } from "@azure/storage-blob";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { TOKEN_CACHE_CONTAINER } from "../shared/storage/storageClients";
import { tokenCacheBlobName } from "../shared/tokenCache/TokenCacheStore";
import { projectRoot } from "../tools/projectRoot";
import { Stack, type RunningHost } from "../tools/local-stack/stack";
import { measuredEnvironment, measuredSource } from "./measuredSource";
import { round, summarizeLatencies, type LatencySummary } from "./percentiles";
import { signIn } from "./signIn";

/**
 * `npm run bench`: what a token served from the tenant's cache costs next to the least any
 * answer can cost, a bare download of the same cache blob from the same Azurite. Requests are
 * sequential (one at a time, never overlapping) and interleaved (one token request, then one
 * blob download), so that both series see the same machine load. Both clients keep connections
 * alive: global fetch (undici) by default, the storage SDK through the agent of its one client.
 */
const TENANT = { domain: "contoso.onmicrosoft.com", id: "51a443f6-dad5-4be0-9878-ad25f3c6d2f7" };
const USERNAME = "adele.v@contoso.onmicrosoft.com";
const SCOPES = ["Group.Read.All"];
const WARM_UP_PER_SERIES = 200;
const MEASURED_PER_SERIES = 2_000;
/** The published target: a cached token may cost at most half again a bare blob download. */
const TARGET_P50_RATIO = 1.5;
const RESULTS_FILE = path.join(projectRoot, "bench/results/token.json");

type Timed = () => Promise<void>;

async function main(): Promise<void> {
  const stack = await Stack.start();
  // A signal and the end of the run may both ask to stop; the processes are stopped once.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stack.stop());
  const stopOnSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    await run(stack);
  } finally {
    await stop();
  }
}

async function run(stack: Stack): Promise<void> {
  const host = await stack.startHost();
  await signIn(stack, host, TENANT.domain, USERNAME, SCOPES);

  const requestToken = tokenRequester(stack, host);
  const blob = BlobServiceClient.fromConnectionString(stack.azurite.connectionString)
    .getContainerClient(TOKEN_CACHE_CONTAINER)
    .getBlobClient(tokenCacheBlobName(TENANT.id));
  const { download, size } = await blobDownloader(blob);

  // The first answer proves the path works; every later one is checked the same way.
  await requestToken();

  const issuedBefore = (await stack.issuedSecrets()).length;
  await measureInterleaved(requestToken, download, WARM_UP_PER_SERIES);
  const [tokenNs, blobNs] = await measureInterleaved(requestToken, download, MEASURED_PER_SERIES);
  const issuedDuring = (await stack.issuedSecrets()).length - issuedBefore;
  if (issuedDuring !== 0) {
    throw new Error(`The emulator issued ${issuedDuring} secrets: tokens were not from cache.`);
  }

  const token = summarizeLatencies(tokenNs);
  const bare = summarizeLatencies(blobNs);
  const results = describeRun(token, bare, size);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  printSummary(token, bare, results.p50Ratio);
  console.log(`Written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

/** One token request as a job makes it, read to its end; anything but 200 stops the run. */
function tokenRequester(stack: Stack, host: RunningHost): Timed {
  const url = `${host.url}/api/tenants/${TENANT.domain}/token`;
  const init = {
    method: "POST",
    headers: { "content-type": "application/json", "x-functions-key": stack.functionKey },
    body: JSON.stringify({ scopes: SCOPES }),
  };
  return async () => {
    const response = await fetch(url, init);
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`The token request answered ${response.status}: ${text.slice(0, 300)}`);
    }
  };
}

/**
 * A bare download of the cache blob through one client made once: one GET read to its end, as
 * the service reads it. `downloadToBuffer()` is not used because it asks for the blob's
 * properties first, which would make the baseline two round trips.
 */
async function blobDownloader(blob: BlobClient): Promise<{ download: Timed; size: number }> {
  const size = (await blob.getProperties()).contentLength ?? 0;
  if (size === 0) {
    throw new Error("The token cache blob is missing or empty after sign-in.");
  }
  const download = async () => {
    const response = await blob.download();
    let length = 0;
    for await (const chunk of response.readableStreamBody ?? []) {
      length += (chunk as Buffer).length;
    }
    if (length !== size) {
      throw new Error(`The blob download returned ${length} bytes, not ${size}.`);
    }
  };
  return { download, size };
}

/** Runs `count` pairs, one call of each at a time, and returns each series' durations in ns. */
async function measureInterleaved(
  first: Timed,
  second: Timed,
  count: number,
): Promise<[bigint[], bigint[]]> {
  const firstNs: bigint[] = [];
  const secondNs: bigint[] = [];
  for (let i = 0; i < count; i++) {
    firstNs.push(await timed(first));
    secondNs.push(await timed(second));
  }
  return [firstNs, secondNs];
}

async function timed(call: Timed): Promise<bigint> {
  const start = process.hrtime.bigint();
  await call();
  return process.hrtime.bigint() - start;
}

function describeRun(token: LatencySummary, blob: LatencySummary, blobBytes: number) {
  const p50Ratio = round(token.p50Ms / blob.p50Ms, 2);
  return {
    benchmark: "token served from the tenant's cache vs bare download of the cache blob",
    date: new Date().toISOString(),
    request: {
      token: `POST /api/tenants/${TENANT.domain}/token {"scopes":${JSON.stringify(SCOPES)}}`,
      blob: `GET ${TOKEN_CACHE_CONTAINER}/${tokenCacheBlobName(TENANT.id)} (${blobBytes} bytes)`,
    },
    method: {
      concurrency: 1,
      sequential: true,
      interleaved: "one token request, then one blob download",
      warmUpPerSeries: WARM_UP_PER_SERIES,
      measuredPerSeries: MEASURED_PER_SERIES,
      keepAlive: true,
      timer: "process.hrtime.bigint, from sending the request to the last byte of the answer",
      percentiles: "nearest rank",
      requestsPerSecond: "count over the sum of the series' own latencies",
      hosts: "one local Functions host, Azurite and the Entra ID emulator on 127.0.0.1",
    },
    source: measuredSource(),
    environment: measuredEnvironment(),
    token,
    blob,
    p50Ratio,
    target: { p50Ratio: TARGET_P50_RATIO, met: p50Ratio <= TARGET_P50_RATIO },
  };
}

function printSummary(token: LatencySummary, blob: LatencySummary, p50Ratio: number): void {
  const row = (name: string, s: LatencySummary) =>
    [name.padEnd(6), ...[s.p50Ms, s.p95Ms, s.p99Ms, s.meanMs].map(ms), rate(s)].join(" ");
  const ms = (value: number) => value.toFixed(3).padStart(8);
  const rate = (s: LatencySummary) => s.requestsPerSecond.toFixed(0).padStart(8);
  const verdict = p50Ratio <= TARGET_P50_RATIO ? "met" : "missed";

  console.log(
    `\n${MEASURED_PER_SERIES} sequential requests per series, interleaved, after ` +
      `${WARM_UP_PER_SERIES} each to warm up (${process.version}, ${cpus().length} cores)`,
  );
  console.log(`${"".padEnd(6)}   p50 ms   p95 ms   p99 ms  mean ms    req/s`);
  console.log(row("token", token));
  console.log(row("blob", blob));
  console.log(`p50 ratio token/blob: ${p50Ratio} (target <= ${TARGET_P50_RATIO}: ${verdict})`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
