import { readFile } from "node:fs/promises";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { homedir } from "node:os";
import { join } from "node:path";

const PING_TIMEOUT_MS = 5_000;

/**
 * Asks the engine DOCKER_HOST names for `/_ping`; resolves when it answers OK, rejects with
 * the connection error otherwise. Schemes this cannot dial itself (ssh, npipe) resolve at once
 * and are left to the Docker client.
 */
export async function pingDockerHost(
  dockerHost: string,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const url = new URL(dockerHost);
  let options: RequestOptions;
  let secure = false;
  if (url.protocol === "unix:") {
    options = { socketPath: url.pathname };
  } else if (url.protocol === "tcp:" || url.protocol === "http:" || url.protocol === "https:") {
    secure =
      url.protocol === "https:" || (url.protocol === "tcp:" && env.DOCKER_TLS_VERIFY === "1");
    options = {
      host: url.hostname,
      port: Number(url.port) || (secure ? 2376 : 2375),
      ...(secure ? await tlsFiles(env.DOCKER_CERT_PATH ?? join(homedir(), ".docker")) : {}),
    };
  } else {
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      { ...options, path: "/_ping", method: "GET", timeout: PING_TIMEOUT_MS },
      (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else reject(new Error(`/_ping answered HTTP ${response.statusCode}`));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)));
    request.on("error", reject);
    request.end();
  });
}

async function tlsFiles(dir: string) {
  const [ca, cert, key] = await Promise.all(
    ["ca.pem", "cert.pem", "key.pem"].map((name) => readFile(join(dir, name))),
  );
  return { ca, cert, key };
}
