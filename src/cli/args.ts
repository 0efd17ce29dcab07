/**
 * Command-line parsing for the `coro` CLI. Unlike util.parseArgs, a value may start with '-'
 * (patient coordinates are often negative): `--from -12.3,45.6,-7.8` and `--from=-12.3,45.6,-7.8`.
 */
import type { Lps } from '../volume/volume.ts';
import type { Lang } from '../i18n/lang.ts';

/** Bad usage or bad input: the CLI prints one line on stderr and exits with `exitCode` (2). */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Repeatable (values collected in order), e.g. --via. */
  readonly multiple?: boolean;
  readonly short?: string;
}
export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** string for single string options, string[] for multiple ones, true for booleans. */
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
}

/** What every command receives (no globals: output sinks and language are passed in). */
export interface CliContext {
  readonly lang: Lang;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Progress lines (stderr when it is a terminal or CORO_PROGRESS=1, else dropped, so a failing
   * run leaves exactly one line on stderr). Optional: commands call `ctx.progress?.(…)`.
   */
  readonly progress?: (text: string) => void;
}

/** A subcommand module (src/cli/<name>.ts) exports `run` with this signature; returns the exit code. */
export type CliRun = (argv: readonly string[], ctx: CliContext) => Promise<number>;

/** Options every command accepts. */
export const COMMON_OPTIONS: OptionsSpec = {
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * Parse argv (without the node/script/command words). Unknown options, missing values and
 * repeated single options throw CliError. A value following `--opt` is taken as is, even if it
 * starts with '-'. `--` ends options.
 */
export function parseArgs(argv: readonly string[], spec: OptionsSpec): ParsedArgs {
  const values: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else if (arg.length === 2 && arg[0] === '-' && !/[0-9.]/.test(arg[1] as string)) {
      name = byShort.get(arg[1] as string);
      if (!name) throw new CliError(`unknown option ${arg}`);
    } else {
      positionals.push(arg);
      continue;
    }
    const s = spec[name];
    if (!s) throw new CliError(`unknown option --${name}`);
    if (s.type === 'boolean') {
      if (inline !== undefined) throw new CliError(`option --${name} takes no value`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new CliError(`option --${name} needs a value`);
      value = argv[++i] as string;
    }
    if (s.multiple) {
      const prev = values[name];
      values[name] = Array.isArray(prev) ? [...prev, value] : [value];
    } else {
      if (values[name] !== undefined) throw new CliError(`option --${name} given twice`);
      values[name] = value;
    }
  }
  return { positionals, values };
}

/** A string option's value (undefined when absent). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new CliError(`option --${name} expects one value`);
  return v;
}

/** A repeatable option's values in order ([] when absent). */
export function multipleOption(args: ParsedArgs, name: string): readonly string[] {
  const v = args.values[name];
  if (v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v;
  throw new CliError(`option --${name} expects values`);
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Parse "x,y,z" (LPS mm; negative numbers and exponents allowed). */
export function parsePointLps(text: string, optionName: string): Lps {
  const parts = text.split(',').map((s) => s.trim());
  const nums = parts.map((p) => (p === '' ? NaN : Number(p)));
  if (nums.length !== 3 || nums.some((n) => !Number.isFinite(n))) {
    throw new CliError(`--${optionName} expects three numbers x,y,z in mm (LPS), got "${text}"`);
  }
  return [nums[0] as number, nums[1] as number, nums[2] as number];
}

/** --lang value → Lang (default from LANG env: fr when it starts with "fr", else en). */
export function parseLang(value: string | undefined, envLang: string | undefined): Lang {
  if (value === undefined) return envLang?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  if (value === 'fr' || value === 'en') return value;
  throw new CliError(`--lang expects fr or en, got "${value}"`);
}
