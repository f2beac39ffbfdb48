import { createHash } from "node:crypto";
import type { RepoConfig } from "../../src/config/repo-config.ts";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import type { ChangeRequestRef, ModuleProgress, Notice, RunState } from "../../src/core/types.ts";
import type { Forge, SourceFile } from "../../src/run/ports.ts";

type Commit = { sha: string; message: string; files: Map<string, string> };

/**
 * A forge that lives in memory: a request, branches of commits, notices said, results and
 * one change request. It proves the engine needs nothing of GitHub, and lets a test read
 * what a run did without parsing any rendering.
 */
export function createMemoryForge(request: { title: string; body: string; author?: string }) {
  const branches = new Map<string, Commit[]>([
    ["main", [{ sha: sha("initial"), message: "Initial commit", files: new Map() }]],
  ]);
  const said: { notice: Notice; phase: RunState["phase"]; place: "request" | "change_request" }[] =
    [];
  const acknowledgements: { messageId: number | null; ack: string }[] = [];
  const results: {
    module: string;
    sha: string;
    status: ModuleProgress["status"];
    attempts: number;
  }[] = [];
  let changeRequest: (ChangeRequestRef & { updates: number; finished: boolean }) | null = null;
  let planShown = 0;
  let nextId = 1;

  const headOf = (branch: string) => branches.get(branch)?.at(-1) ?? null;

  const forge: Forge = {
    reference: "Request #1",
    config: async (): Promise<RepoConfig> => ({ ...DEFAULT_REPO_CONFIG, maxAttempts: 3 }),
    readRequest: async () => ({
      title: request.title,
      thread: [{ author: request.author ?? "someone", fromApp: false, body: request.body }],
      note: null,
    }),
    repositoryLanguages: async () => [],
    async notify(notice, state, options = {}) {
      said.push({ notice, phase: state.phase, place: options.place ?? "request" });
    },
    async acknowledge(messageId, ack) {
      acknowledgements.push({ messageId, ack });
    },
    async showPlan(state) {
      planShown++;
      return { id: 1, version: state.version, hash: sha(JSON.stringify(state.plan)) };
    },
    branchName: () => "codegen/request-1",
    async prepareBranch(branch) {
      if (branches.has(branch)) return { created: false };
      branches.set(branch, [...(branches.get("main") ?? [])]);
      return { created: true };
    },
    async readFiles(branch, paths) {
      const head = headOf(branch);
      if (!head) return [];
      return paths.flatMap((path): SourceFile[] => {
        const content = head.files.get(path);
        return content === undefined ? [] : [{ path, content }];
      });
    },
    async commit(branch, files, message) {
      const recreated = !branches.has(branch);
      const commits = branches.get(branch) ?? [...(branches.get("main") ?? [])];
      const parent = commits.at(-1);
      const tree = new Map(parent?.files);
      for (const file of files) tree.set(file.path, file.content);
      const unchanged = files.every((file) => parent?.files.get(file.path) === file.content);
      if (unchanged && parent) return { sha: parent.sha, changed: false, recreated };
      const commit = {
        sha: sha(`${parent?.sha}${message}${commits.length}`),
        message,
        files: tree,
      };
      branches.set(branch, [...commits, commit]);
      return { sha: commit.sha, changed: true, recreated };
    },
    head: async (branch) => headOf(branch)?.sha ?? null,
    async reportModule(module, _generation, at) {
      results.push({
        module: module.name,
        sha: at,
        status: module.status,
        attempts: module.attempts,
      });
      return nextId++;
    },
    async publishChangeRequest(state) {
      changeRequest ??= {
        number: 1,
        id: "change-1",
        url: "memory://change/1",
        draft: true,
        updates: 0,
        finished: false,
      };
      changeRequest.updates++;
      void state;
      const { updates: _u, finished: _f, ...ref } = changeRequest;
      return { changeRequest: ref, event: changeRequest.updates === 1 ? "created" : "updated" };
    },
    async finishChangeRequest() {
      if (changeRequest) changeRequest = { ...changeRequest, draft: false, finished: true };
    },
    async answerReview() {},
  };

  return {
    forge,
    said,
    acknowledgements,
    results,
    changeRequest: () => changeRequest,
    plansShown: () => planShown,
    commits: (branch: string) => (branches.get(branch) ?? []).map((commit) => commit.message),
    file: (branch: string, path: string) => headOf(branch)?.files.get(path),
  };
}

function sha(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
