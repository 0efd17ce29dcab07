// The size rule of src/ (scripts/check-sizes.ts): a file over 400 lines and a function over 80 lines (nested
// functions included) are reported, with the function's name; src/ holds none, with no exception.
import { describe, expect, it } from 'vitest';
import { checkSizes, MAX_FILE_LINES, MAX_FUNCTION_LINES, sizeViolations } from '../../../scripts/check-sizes.ts';
import { repoRoot } from '../../helpers/studies.ts';

const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const x${i} = ${i};`).join('\n');

describe('size checker', () => {
  it('passes short functions and files', () => {
    expect(sizeViolations('a.ts', `export function ok() {\n${body(MAX_FUNCTION_LINES - 2)}\n}\n`)).toEqual([]);
  });
  it('reports a long function, an arrow function by its variable, and a long file', () => {
    const long = `export function big() {\n${body(MAX_FUNCTION_LINES - 1)}\n}\n`;
    expect(sizeViolations('a.ts', long)).toEqual([{ file: 'a.ts', what: 'function big', lines: MAX_FUNCTION_LINES + 1, limit: MAX_FUNCTION_LINES }]);
    const outer = `export const factory = () => {\n  const inner = () => {\n${body(MAX_FUNCTION_LINES)}\n  };\n  return inner;\n};\n`;
    expect(sizeViolations('b.ts', outer).map((v) => v.what)).toEqual(['function factory', 'function inner']);
    const file = `${body(MAX_FILE_LINES + 1)}\n`;
    expect(sizeViolations('c.ts', file)).toEqual([{ file: 'c.ts', what: 'file', lines: MAX_FILE_LINES + 1, limit: MAX_FILE_LINES }]);
  });
  it('src/ has no file over 400 lines and no function over 80', () => {
    expect(checkSizes(repoRoot).map((v) => `${v.file}: ${v.what} has ${v.lines} lines (limit ${v.limit})`)).toEqual([]);
  });
});
