import nock from "nock";
import { GITHUB_API } from "../http-mock.ts";
import { GitError } from "./git-store.ts";

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: Headers;
  params: string[];
};
export type FakeResponse = { status: number; body?: unknown; headers?: Record<string, string> };
export type Handler = (request: FakeRequest) => FakeResponse;
export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
  status: number;
};
type Failure = {
  method: string;
  path: RegExp;
  status: number;
  times: number;
  message: string;
  headers: Record<string, string>;
};

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

/** The interceptors of the fake last installed: a new fake replaces the previous one. */
let installed: nock.Interceptor[] = [];

/**
 * Routes requests to in-memory handlers through one persisted nock interceptor per method.
 * The interceptors are optional, so a test that never hits a method does not trip the
 * "mock never used" guard; a request no route knows stays unmatched, so the guard's
 * "request with no mock" check still fails the test.
 */
export class Router {
  readonly recorded: RecordedRequest[] = [];
  private readonly routes: { method: string; pattern: RegExp; handler: Handler }[] = [];
  private readonly failures: Failure[] = [];

  on(method: (typeof METHODS)[number], pattern: RegExp, handler: Handler): void {
    this.routes.push({ method, pattern, handler });
  }

  failNext(failure: Failure): void {
    this.failures.push(failure);
  }

  install(): void {
    for (const interceptor of installed) nock.removeInterceptor(interceptor);
    installed = METHODS.map((method) => {
      const interceptor = nock(GITHUB_API)
        .persist()
        .intercept((uri) => this.find(method, pathOf(uri)) !== null, method)
        .optionally();
      interceptor.reply(async (request: Request) => {
        const response = await this.handle(method, request);
        return [response.status, response.body ?? "", response.headers ?? {}];
      });
      return interceptor;
    });
  }

  private find(method: string, path: string) {
    for (const route of this.routes) {
      const match = route.method === method ? route.pattern.exec(path) : null;
      if (match)
        return { route, params: match.slice(1).map((part) => decodeURIComponent(part ?? "")) };
    }
    return null;
  }

  private async handle(method: string, request: Request): Promise<FakeResponse> {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    const text = await request.clone().text();
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    const response = this.respond(method, url, body, request.headers);
    this.recorded.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      status: response.status,
    });
    return response;
  }

  private respond(
    method: string,
    url: URL,
    body: Record<string, unknown> | null,
    headers: Headers,
  ): FakeResponse {
    const path = decodeURIComponent(url.pathname);
    const failure = this.failures.find(
      (candidate) => candidate.method === method && candidate.path.test(path),
    );
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return {
        status: failure.status,
        body: { message: failure.message, documentation_url: "https://docs.github.com/rest" },
        headers: failure.headers,
      };
    }
    const found = this.find(method, url.pathname);
    if (!found) throw new Error(`fake GitHub has no route for ${method} ${path}`);
    try {
      return found.route.handler({
        method,
        path,
        query: url.searchParams,
        body: body ?? {},
        headers,
        params: found.params,
      });
    } catch (error) {
      if (error instanceof GitError) return githubError(error.status, error.message);
      throw error;
    }
  }
}

/** GitHub's limit on comment, pull request and review reply bodies. */
const MAX_BODY = 65_536;

/** GitHub's 422 for a body over its limit, or null when `body` fits (or is absent). */
export function bodyTooLong(resource: string, body: unknown): FakeResponse | null {
  if (typeof body !== "string" || body.length <= MAX_BODY) return null;
  return githubError(422, "Validation Failed", [
    {
      resource,
      code: "custom",
      field: "body",
      message: `body is too long (maximum is ${MAX_BODY} characters)`,
    },
  ]);
}

export function githubError(status: number, message: string, errors?: unknown[]): FakeResponse {
  return {
    status,
    body: {
      message,
      ...(errors ? { errors } : {}),
      documentation_url: "https://docs.github.com/rest",
      status: String(status),
    },
  };
}

function pathOf(uri: string): string {
  const query = uri.indexOf("?");
  return query === -1 ? uri : uri.slice(0, query);
}
