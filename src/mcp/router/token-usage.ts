import type { TokenUsage } from "../../core/types.ts";

export type { TokenUsage };

export const noUsage = (): TokenUsage => ({ promptTokens: 0, completionTokens: 0 });

export function addUsage(total: TokenUsage, more: TokenUsage): void {
  total.promptTokens += more.promptTokens;
  total.completionTokens += more.completionTokens;
}
