import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { ensureLocalCertificates, type LocalCertificates } from "../../tools/localCa";

const execFileAsync = promisify(execFile);
const dayMs = 24 * 3600 * 1000;
const serverAuthOid = "1.3.6.1.5.5.7.3.1";

async function certificate(file: string): Promise<X509Certificate> {
  return new X509Certificate(await readFile(file));
}

async function extension(file: string, name: string): Promise<string> {
  const { stdout } = await execFileAsync("openssl", ["x509", "-in", file, "-noout", "-ext", name]);
  return stdout;
}

describe("ensureLocalCertificates", () => {
  let dir: string;
  let files: LocalCertificates;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "local-ca-test-"));
    files = await ensureLocalCertificates(path.join(dir, "certs"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a CA that may sign certificates", async () => {
    const ca = await certificate(files.caCertPath);

    expect(ca.subject).toBe("CN=m365-token-broker local CA");
    expect(ca.ca).toBe(true);
    expect(await extension(files.caCertPath, "keyUsage")).toContain("Certificate Sign");
  });

  it("creates a server certificate for 127.0.0.1 and localhost signed by that CA", async () => {
    const ca = await certificate(files.caCertPath);
    const server = await certificate(files.certPath);

    expect(server.subject).toBe("CN=127.0.0.1");
    expect(server.subjectAltName).toBe("IP Address:127.0.0.1, DNS:localhost");
    expect(server.keyUsage).toContain(serverAuthOid);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
  });

  it("makes certificates valid for about 30 days", async () => {
    for (const file of [files.caCertPath, files.certPath]) {
      const remaining = Date.parse((await certificate(file)).validTo) - Date.now();
      expect(remaining).toBeGreaterThan(29 * dayMs);
      expect(remaining).toBeLessThan(31 * dayMs);
    }
  });

  it("keeps the private keys readable by their owner only", async () => {
    expect((await stat(files.keyPath)).mode & 0o077).toBe(0);
    expect((await stat(path.join(path.dirname(files.keyPath), "ca.key"))).mode & 0o077).toBe(0);
  });

  it("writes a trust bundle of the system bundle followed by the CA", async () => {
    const bundle = await readFile(files.trustBundlePath, "utf8");
    const ca = await readFile(files.caCertPath, "utf8");

    expect(bundle.endsWith(ca)).toBe(true);
    const system = "/etc/ssl/certs/ca-certificates.crt";
    if (existsSync(system)) {
      expect(bundle.startsWith((await readFile(system, "utf8")).trimEnd())).toBe(true);
    }
  });

  it("reuses certificates that are still valid", async () => {
    const before = await readFile(files.certPath, "utf8");
    const again = await ensureLocalCertificates(path.dirname(files.certPath));

    expect(again).toEqual(files);
    expect(await readFile(again.certPath, "utf8")).toBe(before);
  });

  it("replaces certificates that expire within a day", async () => {
    const certsDir = path.join(dir, "expiring");
    const first = await ensureLocalCertificates(certsDir);
    const oldServer = await readFile(first.certPath, "utf8");
    await execFileAsync("openssl", [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
      ...["-keyout", path.join(certsDir, "ca.key"), "-out", first.caCertPath],
      ...["-subj", "/CN=m365-token-broker local CA"],
    ]);

    const second = await ensureLocalCertificates(certsDir);
    const ca = await certificate(second.caCertPath);
    expect(await readFile(second.certPath, "utf8")).not.toBe(oldServer);
    expect(Date.parse(ca.validTo) - Date.now()).toBeGreaterThan(29 * dayMs);
    expect((await certificate(second.certPath)).verify(ca.publicKey)).toBe(true);
  });
});
