// Keeps the server's modules behind their public files. Each folder under
// server/src/modules/<name>/ is a module whose public API is its index.ts: code outside the
// module (other modules, common/, http/, database/, services.ts, app.ts) imports it only through
// that file, never a file inside it. common/ imports no module and not services.ts at all.
import { dirname, relative, resolve, sep } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', '..', 'server', 'src');
const MODULES = resolve(SRC, 'modules');
const COMMON = resolve(SRC, 'common');
const SERVICES = resolve(SRC, 'services');

/** The module a path lies in, and the rest of its path inside it ('' or 'index' for the API). */
function moduleOf(path) {
  const rel = relative(MODULES, path);
  if (rel.startsWith('..') || rel === '') return null;
  const [name, ...rest] = rel.split(sep);
  return { name, inner: rest.join('/').replace(/\.(ts|js|mjs)$/, '') };
}

const within = (path, dir) => !relative(dir, path).startsWith('..');

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'a server module is imported only through its public index.ts' },
    messages: {
      internal:
        "'{{source}}' reaches inside module '{{module}}': import it from its public file (modules/{{module}}/index.ts) instead.",
      commonImportsModule:
        "common/ must not import '{{source}}': common serves the modules and never depends on them or on services.ts.",
    },
    schema: [],
  },
  create(context) {
    const file = resolve(context.filename);
    if (!within(file, SRC)) return {};
    const from = moduleOf(file);
    const inCommon = within(file, COMMON);
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      const to = moduleOf(target);
      if (inCommon && (to || target === SERVICES || target === `${SERVICES}.ts`)) {
        context.report({ node, messageId: 'commonImportsModule', data: { source } });
        return;
      }
      if (!to || (from && from.name === to.name)) return;
      if (to.inner === '' || to.inner === 'index') return;
      context.report({ node, messageId: 'internal', data: { source, module: to.name } });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'module-boundaries': rule } };
