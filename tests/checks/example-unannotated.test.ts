/**
 * example-unannotated's suggested request name: unique among the request names of the page's version across the doc
 * set, found by asking the doc set name by name (the question the cache can answer without loading every page).
 */
import { describe, expect, it } from '@jest/globals';
import { buildDocSet, runChecks } from '../../checks/index.js';
import { parsePage } from '../../extractor/index.js';
import { recordingDocSet } from '../../engine/queries.js';
import type { RecordedQuery } from '../../engine/cache.js';

const page = (file: string, example: string): ReturnType<typeof parsePage> => parsePage(file, [
  '---', 'title: "Get widget"', 'doc_type: apiPageType', '---', '# Get widget', '', '## Examples', '', '### Request', example,
  '```http', 'GET https://graph.microsoft.com/v1.0/widgets/1', '```', '',
].join('\n'));

const UNANNOTATED = page('docs/v1.0/api/widget-get.md', '');
const TAKEN = page('docs/v1.0/api/aaa-widget.md', '<!-- { "blockType": "request", "name": "get_widget" } -->');
const BETA = page('docs/beta/api/aaa-widget.md', '<!-- { "blockType": "request", "name": "get_widget_1" } -->');

describe('example-unannotated', () => {
  const suggested = (pages: readonly ReturnType<typeof parsePage>[], queries: RecordedQuery[] = []): string[] => {
    const docs = buildDocSet(pages, { cwd: '/nonexistent' });
    return runChecks([UNANNOTATED], { only: ['example-unannotated'], docsIndex: recordingDocSet(docs, queries, (file) => `key-of-${file}`) })
      .map((d) => /"name": "([^"]+)"/.exec(d.message)?.[1] ?? '');
  };

  it('should suggest the Graph name when no request of the version uses it', () => {
    expect(suggested([UNANNOTATED])).toEqual(['get_widget']);
  });

  it('should number the name past the request names of the same version only', () => {
    // get_widget is taken in v1.0; get_widget_1 only in beta, so v1.0's next free name is get_widget_1.
    expect(suggested([TAKEN, BETA, UNANNOTATED])).toEqual(['get_widget_1']);
  });

  it('should ask the doc set name by name, never for every page', () => {
    const queries: RecordedQuery[] = [];
    suggested([TAKEN, UNANNOTATED], queries);
    expect(queries.map((q) => q.q)).not.toContain('pages');
    expect(queries.filter((q) => q.q === 'exampleUse').map((q) => q.args[0])).toEqual(['get_widget', 'get_widget_1']);
  });
});
