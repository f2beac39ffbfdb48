import nock from "nock";

/**
 * nock for GitHub and the LLM (Renovate's http-mock idea): no real network, and a test
 * fails when it made a request nobody mocked or left a mock unused.
 * Loopback stays open for the app's own HTTP server and the Docker socket.
 */
const unmatched: string[] = [];
const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])$/;

export function installHttpMock(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => LOOPBACK.test(host.replace(/:\d+$/, "")));
  nock.emitter.on("no match", (request: Request) => {
    const url = new URL(request.url);
    if (!LOOPBACK.test(url.hostname)) unmatched.push(`${request.method} ${request.url}`);
  });
}

/** Throws (failing the test) on unmatched requests or unused mocks; always resets nock. */
export function verifyHttpMock(): void {
  const pending = nock.pendingMocks();
  const missed = unmatched.splice(0);
  nock.cleanAll();
  const problems = [
    ...missed.map((request) => `request with no mock: ${request}`),
    ...pending.map((mock) => `mock never used: ${mock}`),
  ];
  if (problems.length > 0) throw new Error(`HTTP mock check failed:\n${problems.join("\n")}`);
}

export const GITHUB_API = "https://api.github.com";

/** A nock scope for GitHub's REST API. */
export function github(): nock.Scope {
  return nock(GITHUB_API);
}
