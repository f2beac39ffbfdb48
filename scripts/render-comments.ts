/**
 * Renders every kind of comment and body the app writes, from the fixtures in
 * test/fixtures/comments.ts, to HTML as GitHub's Markdown (GFM) would, so a person can look
 * at them: `node scripts/render-comments.ts [out-dir] [--hostile]`, then e.g.
 * `chromium --headless --screenshot=/tmp/comments.png --window-size=1000,4000 out-dir/index.html`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { commentKinds } from "../test/fixtures/comments.ts";
import { renderGfm } from "../test/helpers/render-markdown.ts";

const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
  max-width: 900px; margin: 16px auto; }
section { border: 1px solid #d0d7de; border-radius: 6px; margin-bottom: 24px; }
h6 { margin: 0; padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de;
  font: 600 12px monospace; color: #59636e; }
.body { padding: 8px 16px; }
code { background: #eff1f3; padding: .2em .4em; border-radius: 6px; font-size: 85%; }
pre { background: #f6f8fa; padding: 12px; border-radius: 6px; overflow: auto; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: 4px 10px; }
blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d0d7de; }
a { color: #0969da; }
`;

function page(title: string, sections: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head><body>${sections}</body></html>`;
}

const args = process.argv.slice(2);
const hostile = args.includes("--hostile");
const out = args.find((arg) => !arg.startsWith("--")) ?? "comments";
mkdirSync(out, { recursive: true });
const sections = commentKinds(hostile).map(({ name, markdown }) => {
  const html = `<section><h6>${name}</h6><div class="body">${renderGfm(markdown)}</div></section>`;
  writeFileSync(join(out, `${name}.md`), markdown);
  writeFileSync(join(out, `${name}.html`), page(name, html));
  return html;
});
writeFileSync(join(out, "index.html"), page("Comments", sections.join("\n")));
console.log(`${sections.length} comments rendered to ${out}/`);
