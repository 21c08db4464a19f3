// `docpact/remark`: docpact's rules as a unified (remark) plugin — see plugin.ts. An installed package runs the
// compiled JavaScript in dist/; a source checkout runs the TypeScript source through tsx, as bin/docpact.js does.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/remark/plugin.js', import.meta.url);
const plugin = existsSync(compiled)
  ? await import(compiled.href)
  : await (await import('tsx/esm/api')).tsImport('./plugin.ts', import.meta.url);

export default plugin.default;
