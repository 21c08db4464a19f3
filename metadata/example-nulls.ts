/**
 * `null` in an example body for a property the CSDL declares `Nullable="false"` (issue 10 item 6, the CSDL side; the
 * docs side, "Not nullable." in a table, is the check rule example-null-not-nullable). Response bodies are typed by
 * their annotation's `@odata.type`, else the type the Response section names; create and update request bodies by the
 * type the page writes. Nested objects follow the CSDL property types and any `@odata.type` they carry.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Body, DocPage } from '../extractor/model.js';
import { findType } from './csdl.js';
import type { CsdlModel, CsdlStructuredType } from './model.js';
import { findDocType, findMember, type TypeIndex } from './resolve.js';
import { finding } from './rules.js';

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function structured(model: CsdlModel, fullName: string): CsdlStructuredType | undefined {
  const type = findType(model, fullName.replace(/^#/, ''));
  return type && type.kind !== 'EnumType' ? type : undefined;
}

/**
 * The findings of one API page. `requestType` is the CSDL type its create/update request bodies hold, if known.
 * Default: nothing reported for pages whose examples have no typed JSON body.
 */
export function exampleNullFindings(page: DocPage, index: TypeIndex, pageNamespace: string | undefined, requestType: CsdlStructuredType | undefined): Diagnostic[] {
  const { model } = index;
  const out: Diagnostic[] = [];
  const byName = (name: string, namespace?: string): CsdlStructuredType | undefined => {
    const match = findDocType(index, name, namespace, pageNamespace);
    return match && match.type.kind !== 'EnumType' ? match.type : undefined;
  };
  const walk = (body: Body, value: unknown, type: CsdlStructuredType, pointer: string, element: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(body, item, type, `${pointer}/${i}`, element));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const declared = typeof record['@odata.type'] === 'string' ? structured(model, record['@odata.type']) : undefined;
    const own = declared ?? type;
    for (const [key, member] of Object.entries(record)) {
      if (key.includes('@') || key.startsWith('odata.')) continue;
      const match = findMember(model, own, key, 'property') ?? findMember(model, own, key, 'navigation');
      if (!match || match.caseOnly) continue;
      const memberPointer = `${pointer}/${escape(key)}`;
      if (member === null) {
        if (!match.member.nullable && !match.member.type.collection) {
          out.push(
            finding('metadata/null-not-nullable', {
              file: page.file,
              range: body.pointers?.[memberPointer] ?? body.range,
              message: `Unexpected null for "${key}", expected a value: the CSDL declares ${match.declaredBy.name}.${key} Nullable="false": give a real value, or leave the property out`,
              element: `${element}#${memberPointer}`,
              actual: 'null',
              related: [{ message: `Property ${key} Nullable="false" is declared here in the CSDL`, file: model.source, range: { start: { line: Math.max(1, match.member.line), column: 1, offset: 0 }, end: { line: Math.max(1, match.member.line), column: 1, offset: 0 } } }],
            }),
          );
        }
        continue;
      }
      const inner = structured(model, match.member.type.name);
      if (inner) walk(body, member, inner, memberPointer, element);
    }
  };
  for (const example of page.examples) {
    if (example.blockType === 'ignored') continue;
    const element = `metadata:example:${example.name ?? `#${example.index}`}`;
    const response = example.response;
    if (response && response.body.kind === 'json' && example.expectError !== true && (response.status ?? 200) < 300) {
      const declared = example.odataType;
      const type = declared
        ? byName(declared.replace(/^#/, '').replace(/^collection\((.*)\)$/i, '$1'))
        : page.response?.type?.kind === 'named' && page.response.type.name
          ? byName(page.response.type.name, page.response.type.namespace)
          : undefined;
      if (!type) continue;
      const json = response.body.json;
      const items = typeof json === 'object' && json !== null && !Array.isArray(json) && Array.isArray((json as Record<string, unknown>).value) && !findMember(model, type, 'value', 'property');
      if (items) walk(response.body, (json as Record<string, unknown>).value, type, '/value', `${element}/response`);
      else walk(response.body, json, type, '', `${element}/response`);
      continue;
    }
    const request = example.request;
    if (request && requestType && request.body.kind === 'json' && /^(?:POST|PUT|PATCH)$/i.test(request.method)) {
      walk(request.body, request.body.json, requestType, '', element);
    }
  }
  return out;
}
