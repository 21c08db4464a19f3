import { defineRule } from './define-rule.js';
import { bodyFindings, type BodyFinding } from './support/body-check.js';
import { exampleElement } from './support/text.js';
import { keyRange } from './support/positions.js';

/** From this many undocumented members of one object, they are one finding. */
const MANY = 4;

/** A member of an example body that the documented type does not have. */
export default defineRule({
  id: 'example-property-undocumented',
  description: 'Every property an example sends or returns must be documented in the request-body table or on the type page.',
  defaultSeverity: 'warning',
  messages: {
    undocumented:
      'Unexpected property "{property}" in the example, expected only properties documented for {owner}: document it in the table or remove it from the example',
    many:
      'Unexpected {count} properties undocumented for {owner} in one object of the example ({properties}), expected the documented properties of {owner}: the body looks like another type, so check the example\'s "@odata.type" annotation or the Response section, or document them',
    wrapped:
      'Unexpected single {owner} wrapped in "value", expected the {owner} object itself as the body: unwrap it ("value" wraps collections only)',
  },
  run(page, context) {
    const findings = bodyFindings(page, context.docs);
    // Many undocumented members of one object are one defect (the body is of another type, or the annotation
    // names the wrong one): one finding listing them, at the first, instead of one per member.
    const groups = new Map<string, BodyFinding[]>();
    for (const finding of findings) {
      if (finding.kind !== 'undocumented') continue;
      const key = `${finding.example.index}|${finding.pointer.slice(0, finding.pointer.lastIndexOf('/'))}`;
      const group = groups.get(key);
      if (group) group.push(finding);
      else groups.set(key, [finding]);
    }
    const folded = new Set<BodyFinding>();
    for (const group of groups.values()) {
      if (group.length < MANY) continue;
      const [first] = group;
      for (const f of group.slice(1)) folded.add(f);
      const names = group.map((f) => `"${f.property}"`);
      context.report({
        messageId: 'many',
        data: { count: group.length, properties: names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', '), owner: first.owner },
        at: keyRange(page, first.property, first.range),
        pointer: first.pointer,
        element: `${exampleElement(page, first.example)}#${first.pointer}`,
      });
      folded.add(first);
    }
    for (const finding of findings) {
      if ((finding.kind !== 'undocumented' && finding.kind !== 'wrapped') || folded.has(finding)) continue;
      context.report({
        messageId: finding.kind,
        data: { property: finding.property, owner: finding.owner },
        at: keyRange(page, finding.property, finding.range),
        pointer: finding.pointer,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}`,
      });
    }
  },
});
