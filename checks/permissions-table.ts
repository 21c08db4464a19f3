import type { DocPage, Table } from '../extractor/model.js';
import { defineRule } from './define-rule.js';

/** A permission name as the tables write it: `User.Read.All`, `Mail.ReadWrite`, `Calls.JoinGroupCalls.All`. */
const PERMISSION = /^[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+\*?$/;
/** Reading only: a `Read` or `ReadBasic` segment and no write segment (`User.Read.All`, `Group.ReadBasic.All`). */
const READ_ONLY = /^[\w-]+\.Read(?:Basic)?(?:\.[\w-]+)*\*?$/i;
/** Titles of operations that change something (`Create x`, `Update x`, `Delete x`, `Add member`, `Remove owner`…). */
const WRITE_TITLE = /^(?:create|add|update|delete|remove|upload|replace|assign|unassign|set|post|send|patch|put|insert|restore|cancel|revoke|grant)\b/i;

/**
 * Permissions tables: a write operation that grants only read permissions, a cell that lists a more privileged
 * permission before a less privileged one of the same resource, and two permissions tables under one heading.
 */
export default defineRule({
  id: 'permissions-table',
  description: 'Permissions tables must grant a write permission to a write operation, list permissions from least to most privileged, and stand one to a heading.',
  defaultSeverity: 'warning',
  messages: {
    readOnly: 'Unexpected read-only permissions ({actual}) for a {method} operation, expected at least one permission that allows writing (such as {expected}): add the write permission the operation needs',
    order: 'Unexpected {more} before {less} in the permissions of the {type} row, expected them from least to most privileged: write {less} first',
    several: 'Unexpected second permissions table under "{heading}", expected one table per heading: merge the rows into one table, or put each table under a heading that names its case',
  },
  run(page, context) {
    if (page.kind !== 'api') return;
    const tables = page.tables.filter((t) => t.role === 'permissions');
    const sections = new Map<string, Table>();
    for (const table of tables) {
      const key = table.section.join('\u0000');
      if (sections.has(key)) {
        const heading = table.section[table.section.length - 1] ?? '';
        context.report({ messageId: 'several', data: { heading }, at: table.header[0]?.range ?? table.range, element: `permissions:${heading}#second` });
      } else {
        sections.set(key, table);
      }
    }
    for (const row of page.permissions) {
      const names = permissionNames(row.value);
      for (let i = 0; i < names.length; i++) {
        const later = names.slice(i + 1).find((other) => morePrivileged(names[i], other));
        if (!later) continue;
        context.report({
          messageId: 'order',
          data: { more: names[i], less: later, type: row.type.trim() },
          at: row.range,
          expected: `${later} before ${names[i]}`,
          actual: row.value.trim(),
          element: `permissions:${row.type.trim()}#order`,
        });
        break;
      }
    }
    const method = writeMethod(page);
    if (!method || tables.length === 0) return;
    const granted = page.permissions.flatMap((row) => permissionNames(row.value));
    if (granted.length === 0 || !granted.every((name) => READ_ONLY.test(name))) return;
    const unique = [...new Set(granted)];
    const expected = [...new Set(unique.map((name) => name.replace(/\.Read(?:Basic)?(?=\.|$)/i, '.ReadWrite')))].slice(0, 2).join(' or ');
    context.report({
      messageId: 'readOnly',
      data: { actual: unique.join(', '), method, expected },
      at: tables[0].range,
      expected,
      actual: unique.join(', '),
      element: 'permissions:read-only',
    });
  },
});

/** The permission names a cell lists (`Not supported.` and prose give none). */
function permissionNames(cell: string): string[] {
  return cell
    .split(/,|;|\s+or\s+|\s+and\s+|\s{2,}/)
    .map((s) => s.trim().replace(/^[`*]+|[`*.]+$/g, ''))
    .filter((s) => PERMISSION.test(s) && !/^not\.supported/i.test(s));
}

/**
 * The method of a page that writes: PATCH, PUT or DELETE, or a POST whose title says it creates, adds or changes
 * something. A POST action that reads (`getMemberGroups`, `search: query`) is not a write; neither is a page that
 * also documents a GET.
 */
function writeMethod(page: DocPage): string | undefined {
  const methods = new Set(page.requestTemplates.map((t) => t.method.toUpperCase()));
  if (methods.size === 0 || methods.has('GET') || methods.has('HEAD')) return undefined;
  for (const method of ['PATCH', 'PUT', 'DELETE']) if (methods.has(method)) return method;
  const title = page.title?.text.trim() ?? '';
  return methods.has('POST') && WRITE_TITLE.test(title) ? 'POST' : undefined;
}

/**
 * Whether `a` is knowably more privileged than `b`. Two parts rank a permission: its access (`ReadBasic` < `Read` <
 * `ReadWrite`) and its scope (the user's own < `Shared` or `Group` < `All`); `a` is more privileged when it is at
 * least as high in both and higher in one, for the same resource (`Mail.ReadWrite` over `Mail.Read`), or for
 * `Directory`, which covers every directory resource (`Directory.Read.All` over `User.Read.All`;
 * `Directory.AccessAsUser.All` over all of them). Anything else (`Files.Read.All` against `Files.ReadWrite`, two
 * resources, other verbs) has no known order.
 */
function morePrivileged(a: string, b: string): boolean {
  const pa = rank(a);
  const pb = rank(b);
  if (!pa || !pb) return false;
  if (pa.resource !== pb.resource && pa.resource !== 'directory') return false;
  if (pa.resource === 'directory' && pb.resource !== 'directory' && pa.scope < 2) return false;
  return pa.access >= pb.access && pa.scope >= pb.scope && (pa.access > pb.access || pa.scope > pb.scope || pa.resource !== pb.resource);
}

function rank(name: string): { resource: string; access: number; scope: number } | undefined {
  const dot = name.indexOf('.');
  const resource = name.slice(0, dot).toLowerCase();
  const rest = name.slice(dot + 1).replace(/\*$/, '');
  if (resource === 'directory' && /^AccessAsUser\.All$/i.test(rest)) return { resource, access: 3, scope: 2 };
  const m = /^(ReadBasic|Read|ReadWrite)(?:\.(Shared|Group|All))?$/i.exec(rest);
  if (!m) return undefined;
  const access = ['readbasic', 'read', 'readwrite'].indexOf(m[1].toLowerCase());
  const scope = m[2] === undefined ? 0 : /^all$/i.test(m[2]) ? 2 : 1;
  return { resource, access, scope };
}
