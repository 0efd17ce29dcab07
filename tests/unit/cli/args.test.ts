/** CLI argument parsing: negative coordinates in both forms, repeated --via, errors. */
import { describe, expect, it } from 'vitest';
import { CliError, multipleOption, parseArgs, parseLang, parsePointLps, stringOption, booleanOption, type OptionsSpec } from '../../../src/cli/args.ts';

const spec: OptionsSpec = {
  from: { type: 'string' },
  to: { type: 'string' },
  via: { type: 'string', multiple: true },
  series: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
};

describe('parseArgs', () => {
  it('accepts negative numbers as values, separated or with "="', () => {
    const a = parseArgs(['study/', '--from', '-12.3,45.6,-7.8', '--to=-1e1,-0.5,3', '--json'], spec);
    expect(a.positionals).toEqual(['study/']);
    expect(parsePointLps(stringOption(a, 'from')!, 'from')).toEqual([-12.3, 45.6, -7.8]);
    expect(parsePointLps(stringOption(a, 'to')!, 'to')).toEqual([-10, -0.5, 3]);
    expect(booleanOption(a, 'json')).toBe(true);
  });

  it('collects repeated --via in order, both forms', () => {
    const a = parseArgs(['p', '--via', '-1,-2,-3', '--via=4,5,6', '--via', '7,-8,9'], spec);
    expect(multipleOption(a, 'via').map((v) => parsePointLps(v, 'via'))).toEqual([[-1, -2, -3], [4, 5, 6], [7, -8, 9]]);
  });

  it('--series and --lang take values; a value may start with "-"', () => {
    const a = parseArgs(['p', '--series', '1.2.3', '--lang', 'fr'], spec);
    expect(stringOption(a, 'series')).toBe('1.2.3');
    expect(parseLang(stringOption(a, 'lang'), undefined)).toBe('fr');
    expect(parseLang(undefined, 'fr_FR.UTF-8')).toBe('fr');
    expect(parseLang(undefined, 'C')).toBe('en');
  });

  it('rejects unknown options, missing values, repeated single options, bad points', () => {
    expect(() => parseArgs(['--bogus'], spec)).toThrow(CliError);
    expect(() => parseArgs(['--from'], spec)).toThrow(/needs a value/);
    expect(() => parseArgs(['--from', '1,2,3', '--from', '4,5,6'], spec)).toThrow(/twice/);
    expect(() => parseArgs(['--json=1'], spec)).toThrow(/no value/);
    expect(() => parsePointLps('1,2', 'from')).toThrow(/three numbers/);
    expect(() => parsePointLps('1,a,3', 'to')).toThrow(CliError);
    expect(() => parseLang('de', undefined)).toThrow(CliError);
  });

  it('"--" ends options', () => {
    expect(parseArgs(['--json', '--', '--from'], spec).positionals).toEqual(['--from']);
  });
});
