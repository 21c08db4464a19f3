/**
 * The public URL of a page, for `externalDocs`. OpenAPI wants an absolute URL there, and a local file path would
 * differ on every machine, so a page gets a URL only when one can be known.
 */

/** Microsoft Graph reference pages: `api-reference/<version>/(api|resources)/<stem>.md`. */
const GRAPH_LAYOUT = /(?:^|\/)api-reference\/(v1\.0|beta)\/(api|resources)\/([^/]+)\.md$/i;

/**
 * The page's URL:
 * - with `docsBaseUrl` holding `{file}`, `{stem}` or `{version}`, those are filled in
 *   (`https://example.com/docs/{version}/{stem}`); without them, the file path is appended to it;
 * - else, for a page in the Graph layout, its learn.microsoft.com address
 *   (`https://learn.microsoft.com/graph/api/user-get?view=graph-rest-1.0`);
 * - else undefined.
 */
export function pageUrl(file: string, docsBaseUrl?: string): string | undefined {
  const graph = GRAPH_LAYOUT.exec(file);
  const stem = file.slice(file.lastIndexOf('/') + 1).replace(/\.md$/i, '');
  if (docsBaseUrl) {
    const clean = file.replace(/^(\.\.?\/)+/, '');
    if (/\{(file|stem|version)\}/.test(docsBaseUrl)) {
      return docsBaseUrl
        .replaceAll('{file}', clean.split('/').map(encodeURIComponent).join('/'))
        .replaceAll('{stem}', encodeURIComponent(stem))
        .replaceAll('{version}', encodeURIComponent(graph?.[1] ?? ''));
    }
    return `${docsBaseUrl.replace(/\/+$/, '')}/${clean.split('/').map(encodeURIComponent).join('/')}`;
  }
  if (!graph) return undefined;
  const view = graph[1].toLowerCase() === 'beta' ? 'graph-rest-beta' : 'graph-rest-1.0';
  const folder = graph[2].toLowerCase() === 'resources' ? 'resources/' : '';
  return `https://learn.microsoft.com/graph/api/${folder}${graph[3].toLowerCase()}?view=${view}`;
}
