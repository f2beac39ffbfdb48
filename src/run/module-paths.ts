import type { Generation, PlannedModule } from "../core/types.ts";
import type { SourceFile } from "./ports.ts";

/**
 * Which paths a module may change and which it sees. `own`: its planned and written files.
 * `dependencies`: the files of the modules it depends on, given as read-only context.
 * `build`: what it is built with, its own files and those of every module that succeeded (a
 * skipped module's files stay on the branch for people to see, but its failing tests must
 * not fail every module after it). `others`: every other module's files, never written.
 */
export function modulePaths(
  plan: readonly PlannedModule[],
  generation: Generation,
  spec: PlannedModule,
) {
  const filesOf = (name: string) => [
    ...(plan.find((module) => module.name === name)?.files ?? []),
    ...(generation.modules.find((module) => module.name === name)?.files ?? []),
  ];
  const own = new Set(filesOf(spec.name));
  const notOwn = (path: string) => !own.has(path);
  const accepted = generation.modules.filter((module) => module.status === "succeeded");
  return {
    own,
    dependencies: new Set(spec.dependsOn.flatMap(filesOf).filter(notOwn)),
    build: [...new Set([...accepted.flatMap((module) => filesOf(module.name)), ...own])],
    others: new Set(
      plan
        .filter((module) => module.name !== spec.name)
        .flatMap((module) => filesOf(module.name))
        .filter(notOwn),
    ),
  };
}

export type ModulePaths = ReturnType<typeof modulePaths>;

/** `base` with `changes` written over it, by path. */
export function mergeFiles(
  base: readonly SourceFile[],
  changes: readonly SourceFile[],
): SourceFile[] {
  const merged = new Map(base.map((file) => [file.path, file]));
  for (const file of changes) merged.set(file.path, file);
  return [...merged.values()];
}
