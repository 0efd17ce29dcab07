/** Child process of the accuracy runner: runs the tasks it is sent and posts back each series' result. */
import { runTask } from './task.ts';

interface Job { readonly cacheRoot: string; readonly seed: number; readonly index: number }

process.on('message', (msg: Job | 'exit') => {
  if (msg === 'exit') process.exit(0);
  void (async () => {
    try {
      const cpu0 = process.cpuUsage();
      const t = await runTask(msg.cacheRoot, msg.seed, msg.index);
      const cpu = process.cpuUsage(cpu0);
      process.send?.({ ok: true, index: msg.index, result: t.result, generatedMs: t.generatedMs, cpuMs: (cpu.user + cpu.system) / 1000 });
    } catch (e) {
      process.send?.({ ok: false, index: msg.index, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  })();
});
process.send?.('ready');
