export type TokenUsage = { promptTokens: number; completionTokens: number };

export const noUsage = (): TokenUsage => ({ promptTokens: 0, completionTokens: 0 });

export function addUsage(total: TokenUsage, more: TokenUsage): void {
  total.promptTokens += more.promptTokens;
  total.completionTokens += more.completionTokens;
}
