import { execFile } from "node:child_process";
import { createPrivateKey, randomBytes, X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Files of the local certificate authority and of the server certificate it signed. */
export interface LocalCertificates {
  caCertPath: string;
  certPath: string;
  keyPath: string;
  /** System CA bundle plus the local CA: one file, as `NODE_EXTRA_CA_CERTS` takes one file. */
  trustBundlePath: string;
}

const validityDays = 30;
const renewWithinMs = 24 * 3600 * 1000;
const systemBundlePath = "/etc/ssl/certs/ca-certificates.crt";
const caSubject = "/CN=m365-token-broker local CA";
const serverExtensions = [
  "basicConstraints=critical,CA:FALSE",
  "keyUsage=critical,digitalSignature,keyEncipherment",
  "extendedKeyUsage=serverAuth",
  "subjectAltName=IP:127.0.0.1,DNS:localhost",
  "subjectKeyIdentifier=hash",
  "authorityKeyIdentifier=keyid,issuer",
].join("\n");

/**
 * Makes sure `dir` holds a local CA and a server certificate for 127.0.0.1 and localhost signed
 * by it, both valid about 30 days. Existing files are reused unless they expire within a day or
 * no longer match each other. The trust bundle is rewritten on every call, so it follows the
 * system bundle. Keys stay in `dir` (mode 0600, as openssl writes them) and are never logged.
 */
export async function ensureLocalCertificates(dir: string): Promise<LocalCertificates> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = {
    caCertPath: path.join(dir, "ca.pem"),
    caKeyPath: path.join(dir, "ca.key"),
    certPath: path.join(dir, "server.pem"),
    keyPath: path.join(dir, "server.key"),
    trustBundlePath: path.join(dir, "trust-bundle.pem"),
  };

  if (!(await stillUsable(files))) await createCertificates(dir, files);

  const system = await readFile(systemBundlePath, "utf8").catch(() => "");
  const ca = await readFile(files.caCertPath, "utf8");
  await writeFile(files.trustBundlePath, `${system.trimEnd()}\n${ca}`.trimStart());

  const { caCertPath, certPath, keyPath, trustBundlePath } = files;
  return { caCertPath, certPath, keyPath, trustBundlePath };
}

type CertificateFiles = LocalCertificates & { caKeyPath: string };

async function stillUsable(files: CertificateFiles): Promise<boolean> {
  try {
    const ca = new X509Certificate(await readFile(files.caCertPath));
    const server = new X509Certificate(await readFile(files.certPath));
    const caKey = createPrivateKey(await readFile(files.caKeyPath));
    const serverKey = createPrivateKey(await readFile(files.keyPath));
    const renewAfter = Date.now() + renewWithinMs;

    return (
      ca.ca &&
      ca.checkPrivateKey(caKey) &&
      server.checkPrivateKey(serverKey) &&
      server.verify(ca.publicKey) &&
      server.checkIP("127.0.0.1") !== undefined &&
      new Date(ca.validTo).getTime() > renewAfter &&
      new Date(server.validTo).getTime() > renewAfter
    );
  } catch {
    return false;
  }
}

/** Creates all four files in a scratch folder, then moves them into place. */
async function createCertificates(dir: string, files: CertificateFiles): Promise<void> {
  const scratch = await mkdtemp(path.join(dir, ".new-"));
  const at = (name: string): string => path.join(scratch, name);
  const days = String(validityDays);

  try {
    await openssl([
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", days],
      ...["-keyout", at("ca.key"), "-out", at("ca.pem"), "-subj", caSubject],
      ...["-addext", "basicConstraints=critical,CA:TRUE"],
      ...["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    ]);
    await openssl([
      ...["req", "-new", "-newkey", "rsa:2048", "-nodes"],
      ...["-keyout", at("server.key"), "-out", at("server.csr"), "-subj", "/CN=127.0.0.1"],
    ]);
    await writeFile(at("server.ext"), `${serverExtensions}\n`);
    await openssl([
      ...["x509", "-req", "-in", at("server.csr"), "-CA", at("ca.pem"), "-CAkey", at("ca.key")],
      ...["-set_serial", `0x${serialNumber()}`, "-days", days, "-sha256"],
      ...["-extfile", at("server.ext"), "-out", at("server.pem")],
    ]);

    await rename(at("ca.key"), files.caKeyPath);
    await rename(at("ca.pem"), files.caCertPath);
    await rename(at("server.key"), files.keyPath);
    await rename(at("server.pem"), files.certPath);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await execFileAsync("openssl", args);
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === "string" ? stderr.trim().split("\n").at(-1) : undefined;
    throw new Error(`openssl ${args[0] ?? ""} failed${detail ? `: ${detail}` : ""}`, {
      cause: error,
    });
  }
}

/** A random positive 128-bit serial number (RFC 5280 section 4.1.2.2). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}
