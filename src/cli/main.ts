/**
 * `coro` CLI entry: dispatches subcommands. Exit codes: 0 success, 2 bad input (one line on
 * stderr, no stack trace), 1 internal error.
 *
 * Registration point: add a line to COMMANDS below; the module at src/cli/<name>.ts must export
 * `run: CliRun` (see args.ts). Modules are imported lazily, so a missing module only fails
 * when its command is used.
 */
import { CliError, parseLang, type CliContext, type CliRun } from './args.ts';
import { DicomError } from '../dicom/errors.ts';
import { dicomMessage } from '../dicom/messages.ts';

interface CommandEntry {
  readonly summary: string;
  /** Module path relative to this file. */
  readonly module: string;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  info: { summary: 'info <path> [--json]: list studies, series and skipped files', module: './info.ts' },
  measure: {
    summary: 'measure <path> --from X,Y,Z --to X,Y,Z [--via X,Y,Z]... [--series UID] [--json]',
    module: './measure.ts',
  },
  report: { summary: 'report <path> (--vessels vessels.json | --auto) [--series UID] [--calcium N] [--lang fr|en] [--json]', module: './report.ts' },
  tree: { summary: 'tree <path> [--series UID] [--json]: find and name the whole coronary tree', module: './tree.ts' },
};

export function usage(): string {
  return ['usage: coro <command> [options]', ...Object.values(COMMANDS).map((c) => `  coro ${c.summary}`)].join('\n');
}

async function loadCommand(entry: CommandEntry): Promise<CliRun> {
  const specifier: string = entry.module;
  const mod = (await import(/* @vite-ignore */ specifier)) as { run?: CliRun };
  if (typeof mod.run !== 'function') throw new Error(`${entry.module} does not export run()`);
  return mod.run;
}

/** Run the CLI; returns the exit code (never throws). */
export async function main(argv: readonly string[], ctx?: Partial<CliContext>): Promise<number> {
  const stderr = ctx?.stderr ?? ((t: string) => void process.stderr.write(t.endsWith('\n') ? t : t + '\n'));
  const stdout = ctx?.stdout ?? ((t: string) => void process.stdout.write(t.endsWith('\n') ? t : t + '\n'));
  let lang: CliContext['lang'] = 'en';
  try {
    const langIdx = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
    const langArg = langIdx < 0 ? undefined : argv[langIdx]?.includes('=') ? argv[langIdx]?.split('=')[1] : argv[langIdx + 1];
    lang = langArg !== undefined ? parseLang(langArg, undefined) : (ctx?.lang ?? parseLang(undefined, process.env.LANG));
    const [name, ...rest] = argv;
    if (name === undefined) throw new CliError(`missing command (${Object.keys(COMMANDS).join(', ')}); see coro --help`);
    if (name === '--help' || name === '-h' || name === 'help') {
      stdout(usage());
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) throw new CliError(`unknown command "${name}" (expected one of: ${Object.keys(COMMANDS).join(', ')})`);
    const run = await loadCommand(entry);
    const showProgress = ctx?.progress !== undefined || process.stderr.isTTY === true || process.env.CORO_PROGRESS === '1';
    const progress = ctx?.progress ?? (showProgress ? stderr : () => {});
    return await run(rest, { lang, stdout, stderr, progress });
  } catch (e) {
    if (e instanceof CliError) {
      stderr(`coro: ${oneLine(e.message)}`);
      return e.exitCode;
    }
    if (e instanceof DicomError && e.code !== 'internal') {
      stderr(`coro: ${oneLine(dicomMessage(e.code, e.params, lang))}`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    stderr(`coro: internal error: ${oneLine(msg)}`);
    if (process.env.CORO_DEBUG && e instanceof Error && e.stack) stderr(e.stack);
    return 1;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
