import type { SandboxToolchain } from "../schemas.ts";

/**
 * What a language server needs from a language profile. Built-in profiles (src/languages) fit
 * it as they are; the id is an open string so an external stack can reuse the server code.
 */
export type ServerProfile = {
  id: string;
  displayName: string;
  conventions: readonly string[];
  toolchain: SandboxToolchain;
};
