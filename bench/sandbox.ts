import { Readable } from "node:stream";
import { GenericContainer } from "testcontainers";
import { dockerClient } from "../src/sandbox/docker-client.ts";
import { ensureSandboxImage } from "../src/sandbox/image.ts";
import { createDockerSandbox, type SandboxFile } from "../src/sandbox/index.ts";
import { createTar } from "../src/sandbox/tar.ts";
import { python } from "../src/stacks/python/profile.ts";
import { median } from "./median.ts";

const ATTEMPTS = 5;
const BASELINE_SAMPLES = 15;

/** A fix attempt changes one line of the module, as the fix step does. */
function attemptFiles(attempt: number): SandboxFile[] {
  return [
    {
      path: "calc/__init__.py",
      content: `def add(a, b):\n    return a + b  # attempt ${attempt}\n`,
    },
    {
      path: "tests/test_calc.py",
      content: "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    },
  ];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function runSandboxBenchmark(): Promise<void> {
  const client = await dockerClient();
  const image = await ensureSandboxImage(
    client,
    {
      name: python.toolchain.language,
      dockerfile: python.toolchain.dockerfile,
      baseImage: python.toolchain.baseImage,
    },
    () => {},
  );

  // Baseline: `docker exec true` into a running container.
  const plain = await new GenericContainer(image).withCommand(["sleep", "600"]).start();
  const baseline: number[] = [];
  try {
    await plain.exec(["true"]);
    for (let sample = 0; sample < BASELINE_SAMPLES; sample += 1) {
      baseline.push(await timed(() => plain.exec(["true"])));
    }
  } finally {
    await plain.stop({ timeout: 0 });
  }

  const sandbox = createDockerSandbox();
  const labels = { run: `bench-${process.pid}`, module: "calc" };
  try {
    // Warm container: one session for all attempts.
    const warm: number[] = [];
    let session = await sandbox.openSession({ toolchain: python.toolchain, labels });
    const firstWarm = await timed(async () => {
      await session.close();
      session = await sandbox.openSession({ toolchain: python.toolchain, labels });
      await session.run(attemptFiles(1));
    });
    for (let attempt = 2; attempt <= ATTEMPTS; attempt += 1) {
      warm.push(await timed(() => session.run(attemptFiles(attempt))));
    }
    await session.close();

    // The sandbox's own cost: the same attempts with build and test as no-ops.
    const noop = { ...python.toolchain, build: "true", test: "true" };
    const overhead: number[] = [];
    const bare = await sandbox.openSession({ toolchain: noop, labels });
    await bare.run(attemptFiles(1));
    for (let attempt = 2; attempt <= ATTEMPTS; attempt += 1) {
      overhead.push(await timed(() => bare.run(attemptFiles(attempt))));
    }
    await bare.close();

    // Fresh container per attempt.
    const fresh: number[] = [];
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      fresh.push(
        await timed(async () => {
          const once = await sandbox.openSession({ toolchain: python.toolchain, labels });
          await once.run(attemptFiles(attempt));
          await once.close();
        }),
      );
    }

    // Naive: `docker build` an image with the files and run build and tests in RUN.
    const built: number[] = [];
    const docker = client.container.dockerode;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const tag = `issue-codegen-bench-naive:${process.pid}-${attempt}`;
      const dockerfile = `FROM ${image}\nCOPY --chown=10001:10001 . /sandbox/work/\nRUN ${python.toolchain.build} && ${python.toolchain.test}\n`;
      const context = await createTar(
        [
          { type: "file", path: "Dockerfile", content: Buffer.from(dockerfile) },
          ...attemptFiles(attempt).flatMap((file) => [
            { type: "directory" as const, path: file.path.split("/")[0] ?? "" },
            { type: "file" as const, path: file.path, content: Buffer.from(file.content) },
          ]),
        ],
        { uid: 0, gid: 0 },
      );
      built.push(
        await timed(async () => {
          const stream = await docker.buildImage(Readable.from([context]), {
            t: tag,
            rm: true,
            forcerm: true,
          });
          await new Promise((resolve, reject) =>
            docker.modem.followProgress(stream, (error: Error | null) =>
              error ? reject(error) : resolve(null),
            ),
          );
        }),
      );
      await docker.getImage(tag).remove({ force: true });
    }

    const base = median(baseline);
    const row = (name: string, values: readonly number[]) => {
      const value = median(values);
      return `| ${name} | ${value.toFixed(0)} ms | ${(value / base).toFixed(1)}× |`;
    };
    console.log(`\nSandbox: per-attempt overhead, python module (${ATTEMPTS} attempts, medians)\n`);
    console.log("| approach | median | vs. baseline |");
    console.log("| --- | ---: | ---: |");
    console.log(
      `| baseline: exec \`true\` in a running container | ${base.toFixed(1)} ms | 1.0× |`,
    );
    console.log(row("sandbox overhead only (warm, no-op build/test)", overhead));
    console.log(row("warm container (sandbox), attempts 2–5", warm));
    console.log(row("fresh container per attempt", fresh));
    console.log(row("`docker build` per attempt (naive)", built));
    console.log(
      `\nWarm sandbox: attempt 1 (container start + first sync + build + test) ${firstWarm.toFixed(0)} ms; attempts 2–${ATTEMPTS} median ${median(warm).toFixed(0)} ms.`,
    );
  } finally {
    await sandbox.close();
  }
}
