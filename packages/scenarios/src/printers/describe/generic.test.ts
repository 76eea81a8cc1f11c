import { describe, expect, it } from 'vitest';
import { camelcaseSplit, goValue, printUnstructuredContent, smartLabelFor } from './generic.js';
import { LEVEL_0, PrefixWriter } from './writer.js';

// describe_test.go TestDescribeUnstructuredContent: the PrefixWriter over a plain buffer (no
// tabwriter), skipping `.dummy1` and `.metadata.dummy3`.
describe('TestDescribeUnstructuredContent', () => {
  const w = new PrefixWriter();
  printUnstructuredContent(
    w,
    LEVEL_0,
    {
      apiVersion: 'v1',
      kind: 'Test',
      dummyDummy: 'present',
      'dummy/dummy': 'present',
      'dummy-dummy@dummy': 'present',
      'dummy-dummy': 'present',
      dummy1: 'present',
      dummy2: 'present',
      metadata: {
        name: 'MyName',
        namespace: 'MyNamespace',
        creationTimestamp: '2017-04-01T00:00:00Z',
        resourceVersion: 123,
        uid: '00000000-0000-0000-0000-000000000001',
        dummy3: 'present',
      },
      items: [{ itemBool: true, itemInt: 42 }],
      url: 'http://localhost',
      status: 'ok',
    },
    '',
    '.dummy1',
    '.metadata.dummy3',
  );
  const output = w.raw();
  const cases: { expected?: string; unexpected?: string }[] = [
    {
      expected: `API Version:	v1
Dummy - Dummy:	present
dummy-dummy@dummy:	present
dummy/dummy:	present
dummy2:	present
Dummy Dummy:	present
Items:
  Item Bool:	true
  Item Int:	42
Kind:	Test
Metadata:
  Creation Timestamp:	2017-04-01T00:00:00Z
  Name:	MyName
  Namespace:	MyNamespace
  Resource Version:	123
  UID:	00000000-0000-0000-0000-000000000001
Status:	ok
URL:	http://localhost
`,
    },
    { unexpected: '\nDummy 1:\tpresent\n' },
    { unexpected: 'Dummy 1' },
    { unexpected: 'Dummy 3' },
    { unexpected: 'Dummy3' },
    { unexpected: 'dummy3' },
    { unexpected: 'dummy 3' },
  ];
  for (const [i, c] of cases.entries()) {
    it(`case ${i}: ${c.expected !== undefined ? 'expected' : `unexpected ${JSON.stringify(c.unexpected)}`}`, () => {
      if (c.expected !== undefined) expect(output).toContain(c.expected);
      if (c.unexpected !== undefined) expect(output).not.toContain(c.unexpected);
    });
  }
});

describe('smartLabelFor and camelcase.Split', () => {
  it('splits on case changes, keeping an upper-case run before a lower-case one apart', () => {
    expect(camelcaseSplit('PDFLoader')).toEqual(['PDF', 'Loader']);
    expect(camelcaseSplit('podCIDRs')).toEqual(['pod', 'CID', 'Rs']);
    expect(camelcaseSplit('GL11Version')).toEqual(['GL', '11', 'Version']);
    expect(camelcaseSplit('dummy-dummy')).toEqual(['dummy', '-', 'dummy']);
  });

  it('upper-cases the common acronyms and title-cases the rest; other characters keep the field as it is', () => {
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('externalURL')).toBe('External URL');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('cronSpec')).toBe('Cron Spec');
    expect(smartLabelFor('x-kubernetes-int')).toBe('X - Kubernetes - Int');
    expect(smartLabelFor('v1beta1')).toBe('v1beta1');
    expect(smartLabelFor('app.kubernetes.io/name')).toBe('app.kubernetes.io/name');
  });
});

describe("Go's %v of unstructured values", () => {
  it('prints integers as int64, other numbers as %g, nil, slices and maps as fmt does', () => {
    expect(goValue(3)).toBe('3');
    expect(goValue(0.5)).toBe('0.5');
    expect(goValue(1234567.5)).toBe('1.2345675e+06');
    expect(goValue(0.00001)).toBe('1e-05');
    expect(goValue(null)).toBe('<nil>');
    expect(goValue(['a', 1, true])).toBe('[a 1 true]');
    expect(goValue({ b: 1, a: 'x' })).toBe('map[a:x b:1]');
  });
});
