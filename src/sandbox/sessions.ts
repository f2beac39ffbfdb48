import type { Sandbox, SandboxSession, SessionOptions } from "./index.ts";

/**
 * One warm sandbox container per module of a run, kept across its attempts (and across the
 * jobs that carry them out) so a retry pays one copy and one exec, not a container start.
 */
export function createSandboxSessions(sandbox: Sandbox) {
  const sessions = new Map<string, Promise<SandboxSession>>();
  return {
    async get(key: string, options: SessionOptions): Promise<SandboxSession> {
      let session = sessions.get(key);
      if (!session) {
        session = sandbox.openSession(options);
        sessions.set(key, session);
        session.catch(() => sessions.delete(key));
      }
      return session;
    },
    async close(key: string): Promise<void> {
      const session = sessions.get(key);
      sessions.delete(key);
      await (await session?.catch(() => undefined))?.close();
    },
    async closeAll(): Promise<void> {
      await Promise.all([...sessions.keys()].map((key) => this.close(key)));
    },
  };
}

export type SandboxSessions = ReturnType<typeof createSandboxSessions>;
