import { defineRule } from './define-rule.js';
import { requestPathForms, templateMatchers } from './support/http.js';
import { exampleElement, isCheckedExample } from './support/text.js';

/** A request example whose method and path match none of the page's `## HTTP request` templates. */
export default defineRule({
  id: 'http-path-undocumented',
  description: 'Request examples must call a method and path that the `## HTTP request` section documents.',
  defaultSeverity: 'error',
  messages: {
    path: 'Unexpected request path {actual}, expected one of the paths in the HTTP request section ({templates}): fix the example or document the path',
    method: 'Unexpected method {actual} for this path, expected {expected} as the HTTP request section documents: fix the example or document the method',
  },
  run(page, context) {
    if (page.requestTemplates.length === 0) return;
    const templates = page.requestTemplates.map((t) => ({ template: t, matchers: templateMatchers(t.path) }));
    for (const example of page.examples) {
      const request = example.request;
      if (!request || !isCheckedExample(example) || request.path === '') continue;
      // Calls to other hosts (callbacks, upload URLs) are not Graph operations of this page.
      if (request.origin !== undefined && !/graph\.microsoft\.com$/i.test(request.origin)) continue;
      if (request.origin === undefined && request.version === undefined && page.requestTemplates.every((t) => t.version !== undefined)) continue;
      // The path as written, `/me` as `/users/me`, function parameters dropped, OneDrive path addressing by id.
      const forms = requestPathForms(request.path);
      const samePath = templates.filter((t) => t.matchers.some((m) => forms.some((form) => m.test(form))));
      const method = request.method.toUpperCase();
      if (samePath.some((t) => t.template.method.toUpperCase() === method)) continue;
      const element = `${exampleElement(page, example)}#request-line`;
      if (samePath.length > 0) {
        const expected = [...new Set(samePath.map((t) => t.template.method.toUpperCase()))].join(' or ');
        context.report({ messageId: 'method', data: { actual: method, expected }, at: request.startLine.range, expected, actual: method, element });
        continue;
      }
      // Neither the method nor the path of any template: an example of another operation shown on purpose
      // ("Example 3: Approve an app" on the publish page), not a mistyped path of this one.
      if (!page.requestTemplates.some((t) => t.method.toUpperCase() === method)) continue;
      const list = page.requestTemplates.map((t) => `${t.method} ${t.path}`);
      const shown = list.length > 3 ? `${list.slice(0, 3).join(', ')}, …` : list.join(', ');
      context.report({
        messageId: 'path',
        data: { actual: `${method} ${request.path}`, templates: shown },
        at: request.startLine.range,
        actual: `${method} ${request.path}`,
        element,
      });
    }
  },
});
