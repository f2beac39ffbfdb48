import { generateKeyPairSync } from "node:crypto";
import type { ApplicationFunction } from "probot";
import { Probot, ProbotOctokit } from "probot";
import { GITHUB_API, github } from "./http-mock.ts";
import { INSTALLATION_ID } from "./webhooks.ts";

export const TEST_APP_ID = 123;
export const TEST_WEBHOOK_SECRET = "test-webhook-secret";

let cachedKey: string | undefined;
/** A real RSA key, so Probot signs real app JWTs. Generated once per test file. */
export function testPrivateKey(): string {
  cachedKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs1",
    format: "pem",
  }) as string;
  return cachedKey;
}

/**
 * Octokit without retries or throttling. The function form matters: the object form merges
 * one level deep and leaves throttling on (probot/probot#2039).
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options?.throttle as object | undefined), enabled: false },
}));

/** Octokit with Probot's real retry plugin, waiting milliseconds instead of seconds. */
export const RetryingTestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: true, retryAfterBaseValue: 1 },
  throttle: { ...(options?.throttle as object | undefined), enabled: false },
}));

export function testProbot(
  app?: ApplicationFunction,
  Octokit: typeof ProbotOctokit = TestOctokit,
): Probot {
  const probot = new Probot({
    appId: TEST_APP_ID,
    privateKey: testPrivateKey(),
    secret: TEST_WEBHOOK_SECRET,
    Octokit,
    logLevel: "fatal",
  });
  if (app) probot.load(app);
  return probot;
}

/** Mocks the installation-token exchange Probot makes before its first API call. */
export function mockInstallationToken(times = 1): void {
  github()
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .times(times)
    .reply(201, {
      token: "ghs_test_installation_token",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      permissions: { issues: "write", contents: "write", pull_requests: "write", checks: "write" },
      repository_selection: "all",
    });
}

export { GITHUB_API };
