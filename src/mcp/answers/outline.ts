/**
 * The public shape of a source file, one numbered line per declaration: packages, types,
 * classes, functions and methods, exported or top-level constants. Bodies, imports and
 * comments are left out. Pattern-based rather than parsed, so it works the same for Python,
 * JavaScript/TypeScript, Java, Go and most C-like languages, at the cost of the odd miss.
 */

const DECLARATION = [
  // Python: def, class, top-level CONSTANTS.
  /^\s*(async\s+)?def\s+\w/,
  /^\s*class\s+\w/,
  /^[A-Z][A-Z0-9_]*\s*(:[^=]+)?=/,
  // JavaScript / TypeScript.
  /^\s*export\s/,
  /^\s*(async\s+)?function\*?\s+\w/,
  /^\s*(interface|type|enum|namespace|declare)\s+\w/,
  /^ {2}(static\s+|async\s+|get\s+|set\s+|#)*\w+\s*\([^)]*\)\s*\{\s*$/,
  /^(const|let)\s+\w+\s*=\s*(async\s*)?(\(|function|\w+\s*=>)/,
  // Java / Kotlin / C#.
  /^\s*(public|protected|private|internal)\s/,
  /^\s*(abstract\s+|final\s+|sealed\s+|static\s+)*(class|interface|enum|record)\s+\w/,
  /^ {2,4}(?=\S)(?!return\b|throw\b|new\b|else\b|await\b|yield\b)[\w<>[\],.? ]+\s+\w+\([^;=]*\)\s*(throws\s+[\w., ]+)?\{?\s*$/,
  // Go.
  /^(package|func|type)\s/,
  /^(const|var)\s+\w/,
];

export function outline(content: string): string {
  const lines = content.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  lines.forEach((line, index) => {
    if (line.length > 0 && DECLARATION.some((pattern) => pattern.test(line))) {
      kept.push(`${index + 1}: ${shorten(line)}`);
    }
  });
  return kept.join("\n");
}

/** A declaration line without its one-line body, and never longer than a screen line. */
function shorten(line: string): string {
  const bodyStart = line.indexOf("{");
  const head =
    bodyStart > 0 && line.trimEnd().endsWith("}") ? `${line.slice(0, bodyStart)}{ … }` : line;
  const trimmed = head.trimEnd();
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}…` : trimmed;
}
