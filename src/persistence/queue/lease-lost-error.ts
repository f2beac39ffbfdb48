/** A heartbeat found the job no longer held by this worker: its lease lapsed and it may run elsewhere. */
export class LeaseLostError extends Error {
  constructor(id: string) {
    super(
      `job ${id} is no longer leased to this worker (its lease lapsed and it may run elsewhere)`,
    );
    this.name = "LeaseLostError";
  }
}
