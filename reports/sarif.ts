/**
 * `sarif`: SARIF 2.1.0, as GitHub code scanning uploads it (`github/codeql-action/upload-sarif`). Paths are
 * relative to `%SRCROOT%` (the repository root, where docpact runs), so annotations land on the PR's lines.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Diagnostic, Range, Severity } from '../core/diagnostic.js';
import { isHttpUrl, prepareReport } from './summary.js';
import type { Formatter, FormatOptions } from './types.js';

/** The schema URL written into `$schema`; GitHub and editors recognise it. */
export const SARIF_SCHEMA_URL = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Name of the partial fingerprint docpact writes; bump its version if the hashed identity ever changes. */
export const FINGERPRINT_KEY = 'docpactElement/v1';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

function artifactLocation(file: string, options: FormatOptions): Sarif.ArtifactLocation {
  let path = file.replaceAll('\\', '/');
  if (isAbsolute(file)) {
    if (!options.cwd) return { uri: pathToFileURL(file).href };
    path = relative(options.cwd, file).replaceAll('\\', '/');
  }
  // Each segment is percent-encoded (spaces, `#`, `%`), keeping `/` so the URI stays relative.
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function region(r: Range): Sarif.Region {
  const startLine = Math.max(1, r.start.line);
  const startColumn = Math.max(1, r.start.column);
  const endLine = Math.max(startLine, r.end.line);
  const endColumn = endLine === startLine ? Math.max(startColumn, r.end.column) : Math.max(1, r.end.column);
  return { startLine, startColumn, endLine, endColumn };
}

function fingerprint(d: Diagnostic): Record<string, string> | undefined {
  if (!d.element) return undefined;
  const hash = createHash('sha256').update(`${d.ruleId}\u0000${d.file}\u0000${d.element}`).digest('hex');
  return { [FINGERPRINT_KEY]: hash };
}

function mostSevere(severities: Iterable<Severity>): Severity {
  let best: Severity = 'info';
  for (const s of severities) if (s === 'error' || (s === 'warning' && best === 'info')) best = s;
  return best;
}

/** Formats a report as a SARIF 2.1.0 log with one run, pretty-printed JSON. */
export const sarif: Formatter = (report, options = {}) => {
  const r = prepareReport(report, options);
  const seen = new Map<string, Severity[]>();
  for (const d of r.diagnostics) {
    const list = seen.get(d.ruleId);
    if (list) list.push(d.severity);
    else seen.set(d.ruleId, [d.severity]);
  }

  const ruleIds = [...r.ruleInfo.keys()].sort();
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const info = r.ruleInfo.get(id) ?? { id };
    const level = LEVEL[info.defaultSeverity ?? mostSevere(seen.get(id) ?? [])];
    return {
      id,
      shortDescription: { text: info.description ?? id },
      ...(isHttpUrl(info.url) ? { helpUri: info.url } : {}),
      defaultConfiguration: { level },
    };
  });
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));

  const results: Sarif.Result[] = r.diagnostics.map((d) => {
    const properties: Sarif.PropertyBag = {};
    if (d.pointer !== undefined) properties.pointer = d.pointer;
    if (d.expected !== undefined) properties.expected = d.expected;
    if (d.actual !== undefined) properties.actual = d.actual;
    if (d.element !== undefined) properties.element = d.element;
    const partialFingerprints = fingerprint(d);
    return {
      ruleId: d.ruleId,
      ruleIndex: ruleIndex.get(d.ruleId),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(d.file, options), region: region(d.range) } }],
      ...(d.related?.length
        ? {
            relatedLocations: d.related.map((rel, id) => ({
              id,
              message: { text: rel.message },
              physicalLocation: { artifactLocation: artifactLocation(rel.file, options), region: region(rel.range) },
            })),
          }
        : {}),
      ...(partialFingerprints ? { partialFingerprints } : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
    };
  });

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URL,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: r.tool.name, version: r.tool.version, semanticVersion: r.tool.version, rules } },
        automationDetails: { id: `docpact/${r.command}/` },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
