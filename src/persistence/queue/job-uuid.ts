import { createHash } from "node:crypto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * pg-boss job ids are UUIDs. A GitHub delivery id already is one; any other id maps to a
 * stable name-based UUID (version 5 layout over SHA-256), so the same id is always the same job.
 */
export function jobUuid(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  const bytes = createHash("sha256").update(`codegen-job:${id}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
