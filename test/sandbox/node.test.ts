import { describe } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { describeLanguage } from "./languages.ts";

const docker = await dockerStatus();

describe.skipIf(!docker.available)("Docker", () => describeLanguage("node"));
