import { dockerfileBeside } from "../dockerfile.ts";
import { type LanguageProfile, TEST_REPORT_DIR } from "../types.ts";

export const python: LanguageProfile = {
  id: "python",
  displayName: "Python",
  aliases: ["python", "python3", "py"],
  frameworks: ["flask", "fastapi", "django", "pytest", "click"],
  markers: ["pyproject.toml", "requirements.txt", "setup.py", "Pipfile"],
  conventions: [
    "Python 3.11, standard library first; third-party packages only when the request needs them, listed in requirements.txt.",
    "Each module is a package directory named after the module (snake_case) with an __init__.py.",
    "Tests use pytest, in tests/test_<module>.py, importing the package by name.",
  ],
  toolchain: {
    language: "python",
    dockerfile: dockerfileBeside(import.meta.url),
    baseImage: "debian:bookworm-slim",
    install:
      "if [ -f requirements.txt ]; then pip install --user --no-cache-dir -r requirements.txt; fi",
    dependencyManifests: ["requirements.txt"],
    installOutputs: ["/sandbox/home/.local"],
    // Hash-checked: an attempt often lands within the second of the last, so mtimes cannot tell.
    build: "python3 -m compileall -q --invalidation-mode checked-hash -x '/[.]' .",
    // xunit1 puts the test's file on each testcase.
    test: `python3 -m pytest -q -rfE -p no:cacheprovider --junitxml=${TEST_REPORT_DIR}/pytest.xml -o junit_family=xunit1`,
    testOutput: "pytest",
    testReport: { format: "pytest-junit" },
    limits: { cpus: 1, memoryMb: 512, pids: 128, phaseTimeoutSec: 120 },
  },
};
