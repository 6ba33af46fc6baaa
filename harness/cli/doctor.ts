// `faultline doctor`: finds (or starts) a Docker engine, checks Java/Maven and kernel features, and says what it found.
import type { Command } from 'commander';
import { which } from '../../core/host.ts';
import { createProgress } from '../../core/progress.ts';
import { nodeImageTag } from '../../runtime/docker/image.ts';
import { loadDocker } from './lazy.ts';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the machine: find or start a Docker engine (installs docker.io on Debian as root), Java, Maven, node image')
    .option('--json', 'print the findings as one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const progress = createProgress({ quiet: !!opts.json });
      const { ensureEngine, imageExists } = await loadDocker();
      const { execa } = await import('execa');
      const engine = await ensureEngine(progress);
      const java = await which('java');
      const mvn = await which('mvn');
      const javaVersion = java ? ((await execa('java', ['-version'], { reject: false })).stderr.split('\n')[0] ?? '') : undefined;
      const tag = nodeImageTag();
      const findings = {
        engine: {
          endpoint: engine.endpoint,
          version: engine.serverVersion,
          storageDriver: engine.storageDriver,
          cgroup: engine.cgroupVersion,
          kernel: engine.kernelVersion,
          startedNow: engine.started,
        },
        java: java ? javaVersion : null,
        maven: mvn ?? null,
        nodeImage: { tag, present: await imageExists(engine.docker, tag) },
      };
      if (opts.json) {
        process.stdout.write(JSON.stringify(findings) + '\n');
        return;
      }
      const lines = [
        `engine     ${findings.engine.endpoint}: Docker ${findings.engine.version}, ${findings.engine.storageDriver}, cgroup v${findings.engine.cgroup}, kernel ${findings.engine.kernel}${findings.engine.startedNow ? ' (started by faultline)' : ''}`,
        `java       ${findings.java ?? 'missing (installed on demand for --kafka: apt-get install openjdk-17-jdk-headless)'}`,
        `maven      ${findings.maven ?? 'missing (installed on demand for --kafka: apt-get install maven)'}`,
        `node image ${tag} ${findings.nodeImage.present ? 'present' : 'not built yet (built by the first cluster up, ~1-3 min)'}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
