/** Caps on what a server may hand back for one module; the sandbox and the branch rely on them. */
export const MAX_OUTPUT_FILES = 40;
export const MAX_FILE_BYTES = 200 * 1024;
export const MAX_TOTAL_BYTES = 1024 * 1024;

/** Caps on what a client may send in; larger inputs are a caller bug, not a module. */
export const MAX_INPUT_FILES = 400;
export const MAX_INPUT_FILE_CHARS = 400_000;
export const MAX_FAILURE_OUTPUT_CHARS = 100_000;

/** Upper bound on one sampling answer; a module with its tests fits well inside. */
export const SAMPLING_MAX_TOKENS = 16_000;

/** How long a server waits for the client's model to answer one sampling request. */
export const SAMPLING_TIMEOUT_MS = 10 * 60_000;

/** Characters of existing files shown to the model; beyond this only their paths are listed. */
export const MAX_PROMPT_FILE_CHARS = 300_000;
