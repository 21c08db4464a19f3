import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/corpus` beside the checkout; tests that need it skip with a reason when it is absent. */
export const CORPUS_DIR = resolve(ROOT, '../shared/corpus');
export const GRAPH_DOCS = join(CORPUS_DIR, 'graph-docs');
export const CORPUS_CSDL = join(CORPUS_DIR, 'metadata/clean_v10_metadata/cleanMetadataWithDescriptionsv1.0.xml');
export const HAS_CORPUS = existsSync(GRAPH_DOCS);

/** The seed page, as committed under docs/. */
export const SEED_PAGE = join(ROOT, 'docs/api-reference/beta/api/accesspackageassignment-post.md');
