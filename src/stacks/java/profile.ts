import { dockerfileBeside } from "../dockerfile.ts";
import { type LanguageProfile, TEST_REPORT_DIR } from "../types.ts";

export const java: LanguageProfile = {
  id: "java",
  displayName: "Java",
  aliases: ["java", "jvm"],
  frameworks: ["spring", "spring boot", "junit", "maven", "gradle"],
  markers: ["pom.xml", "build.gradle", "build.gradle.kts"],
  conventions: [
    "Java 17, standard library only unless the request needs more.",
    "Sources in src/main/java/<package path>/, tests in src/test/java/ using JUnit 5 (org.junit.jupiter.api).",
    "One package per module, named app.<module>.",
  ],
  toolchain: {
    language: "java",
    dockerfile: dockerfileBeside(import.meta.url),
    baseImage: "debian:bookworm-slim",
    install: null,
    build:
      "rm -rf out && mkdir -p out && javac -d out -cp \"$JUNIT_JAR\" $(find src -name '*.java')",
    test: `java -jar "$JUNIT_JAR" --class-path out --scan-class-path --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii --reports-dir=${TEST_REPORT_DIR}`,
    testOutput: "junit-console",
    testReport: { format: "junit-platform" },
    limits: { cpus: 1, memoryMb: 1024, pids: 256, phaseTimeoutSec: 180 },
  },
};
