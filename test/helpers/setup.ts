import { afterEach, beforeAll } from "vitest";
import { installHttpMock, verifyHttpMock } from "./http-mock.ts";

// The reaper image cannot be pulled where no registry answers; sandbox code cleans up itself.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

beforeAll(() => installHttpMock());
afterEach(() => verifyHttpMock());
