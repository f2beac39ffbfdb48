import { readFileSync } from "node:fs";

export type PromptName = "system" | "generate-module" | "fix-module" | "repair" | "continue";

const cache = new Map<PromptName, string>();

/** Prompt text lives in ../prompts/*.md; resolved from this file so src/ and dist/ both work. */
function loadPrompt(name: PromptName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../prompts/${name}.md`, import.meta.url), "utf8");
    cache.set(name, text);
  }
  return text;
}

/** Fills `{{key}}` placeholders; a placeholder without a value is a bug, so it throws. */
export function renderPrompt(name: PromptName, values: Readonly<Record<string, string>>): string {
  return loadPrompt(name).replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`prompt ${name}.md needs a value for {{${key}}}`);
    return value;
  });
}
