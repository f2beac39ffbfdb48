export type SandboxErrorKind =
  | "docker-unavailable"
  | "image-build"
  | "invalid-file"
  | "container"
  | "closed";

/** An expected sandbox failure, with what the operator or the caller needs to act on it. */
export class SandboxError extends Error {
  readonly kind: SandboxErrorKind;
  /** For `image-build`: the tail of the build log. */
  readonly detail: string | undefined;

  constructor(
    kind: SandboxErrorKind,
    message: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SandboxError";
    this.kind = kind;
    this.detail = options?.detail;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
