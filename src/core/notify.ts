import type { Notice, RunEffect } from "./types.ts";

/** Tell people `notice` in the run's conversation. */
export const notify = (notice: Notice): RunEffect => ({ type: "notify", notice });

/** Tell people `notice` where the run's change request is discussed. */
export const notifyOnChangeRequest = (notice: Notice): RunEffect => ({
  type: "notify",
  notice,
  place: "change_request",
});
