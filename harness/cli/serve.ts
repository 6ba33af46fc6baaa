// `faultline serve`: browse the store (suites and runs, filters, every report one click away), read-only, on
// 127.0.0.1 unless told otherwise. Prints the URL on stdout and serves until SIGINT/SIGTERM (then exits 0).
import { Option, type Command } from 'commander';
import { onInterrupt } from '../../core/cleanup.ts';
import { storeDir } from '../../core/paths.ts';
import { integerOption } from './options.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the store read-only over HTTP: suites and runs with filters, each report one click away')
    .addOption(new Option('--port <n>', 'TCP port (0 picks a free one)').default(8080).argParser(integerOption('--port', 0, 65535)))
    .option('--host <address>', 'address to bind; anything but loopback lets other machines read the store', '127.0.0.1')
    .action(async (flags: { port: number; host: string }) => {
      const { serveStore, isLoopback } = await import('../serve/server.ts');
      const store = storeDir();
      const serving = await serveStore(store, flags.host, flags.port);
      if (!isLoopback(flags.host))
        process.stderr.write(`faultline: warning: serving ${store} on ${flags.host}: anyone who can reach this port can read the store\n`);
      process.stderr.write(`faultline: serving ${store} read-only; stop with Ctrl-C\n`);
      process.stdout.write(`${serving.url}\n`);
      // Listening until a signal; the listener stays registered until the server has closed, so the signal handler
      // leaves the unwinding to this command (which then exits 0: stopping is how a server ends).
      let stopListening: () => unknown = () => undefined;
      await new Promise<void>((resolve) => {
        stopListening = onInterrupt(() => void serving.close().then(resolve));
      });
      stopListening();
    });
}
