/**
 * Size rule of src/: no file over 400 lines and no function over 80 lines (from its first line to the end of its
 * body, nested functions included, as eslint's max-lines-per-function counts). Prints each violation; exit 1
 * when there is one.
 * Run: npx tsx scripts/check-sizes.ts [--json]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

export interface SizeViolation { readonly file: string; readonly what: string; readonly lines: number; readonly limit: number }

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return /\.ts$/.test(f) && !/\.d\.ts$/.test(f) ? [p] : [];
  });
}

const isFunction = (n: ts.Node): n is ts.FunctionLikeDeclaration =>
  ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
  || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isConstructorDeclaration(n);

function nameOf(n: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (n.name) return n.name.getText(sf);
  const p = n.parent;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return p.name.getText(sf);
  return `(function at line ${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1})`;
}

/** Violations of one file's text (file name for the messages). */
export function sizeViolations(file: string, text: string): SizeViolation[] {
  const out: SizeViolation[] = [];
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES) out.push({ file, what: 'file', lines, limit: MAX_FILE_LINES });
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const span = lineOf(node.body.getEnd()) - lineOf(node.getStart(sf)) + 1;
      if (span > MAX_FUNCTION_LINES) out.push({ file, what: `function ${nameOf(node, sf)}`, lines: span, limit: MAX_FUNCTION_LINES });
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return out;
}

export function checkSizes(root: string): SizeViolation[] {
  return tsFiles(join(root, 'src')).flatMap((f) => sizeViolations(relative(root, f), readFileSync(f, 'utf8')));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const v = checkSizes(process.cwd());
  if (process.argv.includes('--json')) console.log(JSON.stringify(v, null, 2));
  else for (const x of v) console.log(`${x.file}: ${x.what} has ${x.lines} lines (limit ${x.limit})`);
  process.exitCode = v.length ? 1 : 0;
}
