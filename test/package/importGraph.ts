import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One import a module makes at run time: a relative file (resolved) or a package/built-in. */
export interface RuntimeImport {
  readonly from: string;
  readonly specifier: string;
}

/**
 * Walks the run-time import graph of a source entry (static imports and re-exports, and dynamic
 * imports of string literals, which bundlers follow too; `import type` and type-only re-exports
 * are erased and skipped). Returns every file reached and every non-relative import it makes.
 *
 * @example
 * const { files, external } = importGraph(new URL('../../src/index.ts', import.meta.url));
 */
export function importGraph(entry: URL): { files: string[]; external: RuntimeImport[] } {
  const seen = new Set<string>();
  const external: RuntimeImport[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const specifiers: string[] = [];
    const walk = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
        const bindings = node.importClause?.namedBindings;
        const allTypes = node.importClause && !node.importClause.name && bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
        if (!allTypes) specifiers.push(node.moduleSpecifier.text);
      } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.exportClause;
        const allTypes = clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
        if (!allTypes) specifiers.push(node.moduleSpecifier.text);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        specifiers.push(node.arguments[0].text);
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(fileURLToPath(new URL(specifier.replace(/\.js$/, '.ts'), `file://${file}`)));
      else external.push({ from: file, specifier });
    }
  };
  visit(fileURLToPath(entry));
  return { files: [...seen], external };
}
