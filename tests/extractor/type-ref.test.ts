import { describe, expect, it } from '@jest/globals';
import { parseTypeRef } from '../../extractor/index.js';

// Every Type-cell shape the corpus README lists, with what a reader takes it to mean.
const CASES: [string, Record<string, unknown>][] = [
  ['String', { kind: 'primitive', primitive: 'String', collection: false, nonCanonical: false }],
  ['string', { kind: 'primitive', primitive: 'String', nonCanonical: true }],
  ['Edm.Int32', { kind: 'primitive', primitive: 'Int32', nonCanonical: true }],
  ['`Edm.DateTimeOffset`', { kind: 'primitive', primitive: 'DateTimeOffset' }],
  ['Edm.boolean', { kind: 'primitive', primitive: 'Boolean' }],
  ['Int', { kind: 'primitive', primitive: 'Int32' }],
  ['integer', { kind: 'primitive', primitive: 'Int32' }],
  ['bool', { kind: 'primitive', primitive: 'Boolean' }],
  ['Json', { kind: 'primitive', primitive: 'Json' }],
  ['GUID collection', { kind: 'primitive', primitive: 'Guid', collection: true }],
  ['String collection', { kind: 'primitive', primitive: 'String', collection: true }],
  ['DateTimeOffSet', { kind: 'primitive', primitive: 'DateTimeOffset', nonCanonical: true }],
  ['[accessReviewScope](../resources/accessreviewscope.md)', { kind: 'named', name: 'accessReviewScope', href: '../resources/accessreviewscope.md', collection: false }],
  ['[conversationMember](../resources/conversationmember.md) collection', { kind: 'named', name: 'conversationMember', collection: true }],
  ['Collection([DriveRecipient][])', { kind: 'named', name: 'DriveRecipient', collection: true, href: 'driverecipient.md' }],
  ['[identitySet][]', { kind: 'named', name: 'identitySet', href: 'identityset.md' }],
  ['[physicalAddress]', { kind: 'named', name: 'physicalAddress' }],
  ['[calendarRoleType](#calendarroletype-values)', { kind: 'named', name: 'calendarRoleType', href: '#calendarroletype-values' }],
  ['alertFeedback', { kind: 'named', name: 'alertFeedback' }],
  ['microsoft.graph.callRecords.clientPlatform', { kind: 'named', name: 'clientPlatform', namespace: 'microsoft.graph.callRecords' }],
  ['[microsoft.graph.externalConnectors.acl](../resources/externalconnectors-acl.md) collection', { kind: 'named', name: 'acl', namespace: 'microsoft.graph.externalConnectors', collection: true }],
  ['Collection(microsoft.graph.columnDefinition)', { kind: 'named', name: 'columnDefinition', namespace: 'microsoft.graph', collection: true }],
  ['[Microsoft.IGAELM.EC.FrontEnd.ExternalModel.requestSchedule](../resources/requestschedule.md)', { kind: 'named', name: 'requestSchedule', namespace: 'Microsoft.IGAELM.EC.FrontEnd.ExternalModel' }],
  ['[identitySet](/graph/api/resources/identityset)', { kind: 'named', name: 'identitySet', href: '/graph/api/resources/identityset' }],
  ['**chatMessagePolicyViolationDlpActionType**', { kind: 'named', name: 'chatMessagePolicyViolationDlpActionType' }],
  ['onlineMeetingProviderType collection', { kind: 'named', name: 'onlineMeetingProviderType', collection: true }],
  ['String (enum)', { kind: 'primitive', primitive: 'String', enumHint: true }],
  ['(Optional) String', { kind: 'primitive', primitive: 'String' }],
  ['[appHostedMediaConfig](../resources/apphostedmediaconfig.md) or [serviceHostedMediaConfig](../resources/servicehostedmediaconfig.md)', { kind: 'union' }],
  ['string/number', { kind: 'unknown' }],
  ['', { kind: 'empty' }],
  ['** Unknown Type `microsoft.management.services.genericWorkloadActivity.models.operation` **', { kind: 'unknown' }],
];

describe('parseTypeRef', () => {
  const definitions = new Map([['driverecipient', 'driverecipient.md'], ['identityset', 'identityset.md']]);
  it.each(CASES)('should read %p', (raw, expected) => {
    expect(parseTypeRef(raw, definitions)).toMatchObject(expected);
  });

  it('should read both alternatives of `A or B`', () => {
    const ref = parseTypeRef('[a](a.md) or [b](b.md)');
    expect(ref.alternatives?.map((a) => a.name)).toEqual(['a', 'b']);
  });
});
