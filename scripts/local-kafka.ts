// A single-node KRaft Kafka (broker + controller in one JVM) from a cached distribution, as a plain Java process on
// loopback only, for dev checks that need a real broker without Docker: StorageTool format, then kafka.Kafka. It can
// be SIGKILLed and started again on its data (a dev stand-in for the kill nemesis).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Progress } from '../core/progress.ts';
import { renderProperties, safeDefaults } from '../systems/kafka/broker-config.ts';
import { newClusterId } from '../systems/kafka/cluster.ts';

export interface LocalKafka {
  bootstrap: string;
  /** The broker's pid (of its latest start). */
  pid: number;
  dir: string;
  /** The last lines of the broker's log. */
  logTail(lines?: number): string;
  /** SIGKILL, keeping the data: `restart` brings it back. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  running(): boolean;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** A port nothing listens on right now (the kernel's choice for an ephemeral listener). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port from the kernel');
  return address.port;
}

async function waitForPort(port: number, deadline: number, broker: ChildProcess): Promise<void> {
  while (Date.now() < deadline) {
    if (broker.exitCode !== null) throw new Error(`Kafka exited with code ${broker.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: LOOPBACK, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Kafka did not listen on ${LOOPBACK}:${port} in time`);
}

/** Logging to the process's stdout (which goes to kafka.log) at WARN, for log4j2 (4.x) and reload4j (3.x). */
function writeLoggingConfigs(dir: string): string[] {
  writeFileSync(
    join(dir, 'log4j2.properties'),
    [
      'appender.out.type = Console',
      'appender.out.name = out',
      'appender.out.layout.type = PatternLayout',
      'appender.out.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = WARN',
      'rootLogger.appenderRef.out.ref = out',
      'logger.kafka.name = kafka.server.KafkaRaftServer',
      'logger.kafka.level = INFO',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'log4j.properties'),
    [
      'log4j.rootLogger=WARN, out',
      'log4j.appender.out=org.apache.log4j.ConsoleAppender',
      'log4j.appender.out.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka.server.KafkaRaftServer=INFO',
      '',
    ].join('\n'),
  );
  return [`-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`, `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`];
}

export async function startLocalKafka(kafkaHome: string, progress: Progress, overrides: Record<string, string> = {}): Promise<LocalKafka> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-local-kafka-'));
  const [brokerPort, controllerPort] = [await freePort(), await freePort()];
  const props = {
    ...safeDefaults(1),
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${LOOPBACK}:${controllerPort}`,
    listeners: `PLAINTEXT://${LOOPBACK}:${brokerPort},CONTROLLER://${LOOPBACK}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK}:${brokerPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': join(dir, 'data'),
    ...overrides,
  };
  const config = join(dir, 'server.properties');
  writeFileSync(config, renderProperties(props));
  const logging = writeLoggingConfigs(dir);
  const classpath = join(kafkaHome, 'libs', '*');
  await progress.step('formatting the KRaft storage', async () => {
    await execa('java', [...logging, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', config]);
  });
  const logFile = join(dir, 'kafka.log');
  const launch = (): ChildProcess => {
    const log = openSync(logFile, 'a');
    const child = spawn('java', ['-Xms256m', '-Xmx1g', ...logging, '-cp', classpath, 'kafka.Kafka', config], { stdio: ['ignore', log, log] });
    closeSync(log);
    return child;
  };
  let broker = launch();
  const logTail = (lines = 20): string =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  const alive = (): boolean => broker.exitCode === null && broker.signalCode === null;
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (!alive()) return;
    const exited = new Promise((resolve) => broker.once('exit', resolve));
    broker.kill(signal);
    const timer = setTimeout(() => broker.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const stop = async (): Promise<void> => {
    await end('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  const listening = (what: string) => progress.step(`${what} Kafka on ${LOOPBACK}:${brokerPort}`, () => waitForPort(brokerPort, Date.now() + 60_000, broker));
  try {
    await listening('starting');
  } catch (e) {
    const tail = logTail();
    await stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${tail}`, { cause: e });
  }
  const kafka: LocalKafka = {
    bootstrap: `${LOOPBACK}:${brokerPort}`,
    pid: broker.pid ?? -1,
    dir,
    logTail,
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL');
      broker = launch();
      kafka.pid = broker.pid ?? -1;
      await listening('restarting');
    },
    running: alive,
    stop,
  };
  return kafka;
}
