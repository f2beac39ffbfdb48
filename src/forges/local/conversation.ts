import type { ThreadEntry } from "../../llm/analyze.ts";
import type { RunRecord, RunRecords } from "./run-record.ts";

/** The run's record as the forge and the prompts share it; each entry is saved at once. */
export type Conversation = {
  record(): RunRecord;
  add(entry: ThreadEntry): Promise<void>;
};

export function conversationOf(first: RunRecord, records: Pick<RunRecords, "save">): Conversation {
  let record = first;
  return {
    record: () => record,
    async add(entry) {
      record = { ...record, thread: [...record.thread, entry] };
      await records.save(record);
    },
  };
}
