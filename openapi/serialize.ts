/** The document as JSON or YAML text. */
import { GENERATED_NOTE } from './build.js';

export type DocumentFormat = 'json' | 'yaml';

/** The format an output file's extension names: `.yaml`/`.yml` → yaml, anything else (and stdout) → json. */
export function formatFromPath(path: string | undefined): DocumentFormat {
  return path !== undefined && /\.ya?ml$/i.test(path) ? 'yaml' : 'json';
}

/** Serialises with 2-space indentation and a final newline; YAML starts with a comment saying it is generated. */
export async function serializeDocument(document: Record<string, unknown>, format: DocumentFormat): Promise<string> {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  const { stringify } = await import('yaml');
  // No anchors/aliases: shared objects (a schema used twice) are written out, which every YAML reader accepts.
  return `# ${GENERATED_NOTE}\n${stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}
