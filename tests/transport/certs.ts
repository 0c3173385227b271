/**
 * Test certificates made with openssl at test time: a CA, a server leaf
 * (localhost, 127.0.0.1, ::1), a client leaf, and an unrelated CA for
 * negative cases. EC P-256 keys, valid for two days.
 */

export interface TestCerts {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  otherCa: string;
  /** Removes the directory. */
  remove(): void;
}

async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`openssl ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

const LEAF_EXT = [
  "[leaf]",
  "basicConstraints=critical,CA:FALSE",
  "keyUsage=critical,digitalSignature,keyEncipherment",
  "extendedKeyUsage=serverAuth,clientAuth",
  "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
].join("\n");

const CA_EXT = [
  "[req]",
  "distinguished_name=dn",
  "[dn]",
  "[ca]",
  "basicConstraints=critical,CA:TRUE",
  "keyUsage=critical,keyCertSign,cRLSign",
  "subjectKeyIdentifier=hash",
].join("\n");

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(
    dir,
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-config",
    "ca.cnf",
    "-extensions",
    "ca",
  );
}

async function makeLeaf(dir: string, name: string): Promise<void> {
  await openssl(
    dir,
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${name}`,
  );
  await openssl(
    dir,
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-extfile",
    "leaf.cnf",
    "-extensions",
    "leaf",
  );
}

/** Makes a fresh set of test certificates in a new temporary directory. */
export async function makeTestCerts(): Promise<TestCerts> {
  const dir = Deno.makeTempDirSync({ prefix: "vp-certs-" });
  Deno.writeTextFileSync(`${dir}/ca.cnf`, CA_EXT);
  Deno.writeTextFileSync(`${dir}/leaf.cnf`, LEAF_EXT);
  await makeCa(dir, "ca");
  await Promise.all([makeLeaf(dir, "server"), makeCa(dir, "other")]);
  await makeLeaf(dir, "client");
  return {
    dir,
    ca: `${dir}/ca.pem`,
    serverCert: `${dir}/server.pem`,
    serverKey: `${dir}/server.key`,
    clientCert: `${dir}/client.pem`,
    clientKey: `${dir}/client.key`,
    otherCa: `${dir}/other.pem`,
    remove: () => Deno.removeSync(dir, { recursive: true }),
  };
}

/** `?a=b&c=d` with each value percent-encoded. */
export function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params).filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}
