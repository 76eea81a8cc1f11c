import { describe, expect, it } from 'vitest';
import { isKubesimError } from '../errors.js';
import {
  dedupeErrors,
  errorBody,
  type FieldError,
  field,
  fieldErrorString,
  goJson,
  goQuote,
  InvalidObjectError,
  renderValue,
} from './fieldErrors.js';

const required = field.required('spec.template.spec.containers[0].image');
const zero = field.invalid('spec.strategy.rollingUpdate.maxUnavailable', 0, 'may not be 0 when `maxSurge` is 0');

describe('field.Error bodies (apimachinery field/errors.go)', () => {
  const table: [string, FieldError, string][] = [
    ['Required, no detail', field.required('spec.selector'), 'spec.selector: Required value'],
    [
      'Required with detail',
      field.required('metadata.name', 'name or generateName is required'),
      'metadata.name: Required value: name or generateName is required',
    ],
    [
      'Forbidden prints no value',
      field.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"),
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ],
    [
      'Invalid with a number',
      zero,
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ],
    [
      'Invalid with a percent string',
      field.invalid('spec.strategy.rollingUpdate.maxUnavailable', '120%', 'must not be greater than 100%'),
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
    ],
    [
      'Invalid with a map renders JSON',
      field.invalid('spec.template.metadata.labels', { app: 'y' }, '`selector` does not match template `labels`'),
      'spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`',
    ],
    ['Invalid with nil', field.invalid('spec.x', null, 'bad'), 'spec.x: Invalid value: null: bad'],
    ['Invalid with a boolean', field.invalid('spec.x', true, 'bad'), 'spec.x: Invalid value: true: bad'],
    [
      'NotSupported quotes each supported value',
      field.notSupported('spec.template.spec.restartPolicy', 'OnFailure', ['Always']),
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ],
    [
      'NotSupported with several values',
      field.notSupported('spec.strategy.type', 'Blue', ['Recreate', 'RollingUpdate']),
      'spec.strategy.type: Unsupported value: "Blue": supported values: "Recreate", "RollingUpdate"',
    ],
    ['NotSupported with no list has no detail', field.notSupported('spec.x', 'y', []), 'spec.x: Unsupported value: "y"'],
    [
      'Duplicate',
      field.duplicate('spec.template.spec.containers[1].name', 'nginx'),
      'spec.template.spec.containers[1].name: Duplicate value: "nginx"',
    ],
    [
      'NotFound',
      field.notFound('spec.containers[0].volumeMounts[0].name', 'data'),
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ],
    [
      'TooLong prints no value',
      field.tooLong('metadata.annotations', 262144),
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ],
    ['TooLong singular', field.tooLong('x', 1), 'x: Too long: may not be more than 1 byte'],
  ];
  it.each(table)('%s', (_name, e, text) => expect(fieldErrorString(e)).toBe(text));

  it('errorBody is the part after the field', () => {
    expect(errorBody(required)).toBe('Required value');
    expect(errorBody(zero)).toBe('Invalid value: 0: may not be 0 when `maxSurge` is 0');
  });
});

describe('value rendering (k/k #132314: strings %q, numbers plain, the rest JSON)', () => {
  it.each([
    ['a string', 'web', '"web"'],
    ['an integer', 600, '600'],
    ['a negative integer', -1, '-1'],
    ['a float', 0.5, '0.5'],
    ['false', false, 'false'],
    ['undefined as nil', undefined, 'null'],
    ['null', null, 'null'],
    ['a list', ['a', 'b'], '["a","b"]'],
    [
      'a selector struct keeps its field order',
      { matchLabels: { app: 'x' }, matchExpressions: [] },
      '{"matchLabels":{"app":"x"},"matchExpressions":[]}',
    ],
  ] as [string, unknown, string][])('%s', (_n, v, text) => expect(renderValue(v)).toBe(text));

  it('sorts map keys as encoding/json does', () => {
    expect(renderValue({ tier: 'web', app: 'shop' })).toBe('{"app":"shop","tier":"web"}');
    // Go sorts "10" before "9"; a JS object would enumerate integer-like keys numerically.
    expect(goJson({ '9': 'a', '10': 'b' })).toBe('{"10":"b","9":"a"}');
  });
  it('escapes HTML-sensitive characters inside JSON, as encoding/json does', () => {
    expect(goJson({ a: '<b>&' })).toBe('{"a":"\\u003cb\\u003e\\u0026"}');
  });
  it('quotes strings as Go %q', () => {
    expect(goQuote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('\x1b[0m')).toBe('"\\x1b[0m"');
    expect(goQuote('nbsp\u00a0')).toBe('"nbsp\\u00a0"');
    expect(goQuote('Māori 日本')).toBe('"Māori 日本"');
  });
});

describe('dedupeErrors (ErrorList.ToAggregate)', () => {
  it('drops repeats of the same full text and keeps the first order', () => {
    const a = field.required('spec.selector');
    const b = field.invalid('spec.replicas', -1, 'must be greater than or equal to 0');
    expect(dedupeErrors([a, b, { ...a }, b])).toEqual([a, b]);
  });
  it('keeps errors that differ only in value', () => {
    expect(dedupeErrors([field.invalid('x', 1, 'd'), field.invalid('x', 2, 'd')])).toHaveLength(2);
  });
});

describe('InvalidObjectError (errors.NewInvalid) and kubectl rendering', () => {
  it('one error: the API Status message and kubectl', () => {
    const e = new InvalidObjectError('Deployment', 'web', [zero]);
    expect(isKubesimError(e, 'E_INVALID')).toBe(true);
    expect(e.message).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
    expect(e.kubectlMessage()).toBe(
      'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
  });

  it('several errors: a bracketed list, and kubectl prints one "* " line each after a header ending in a space', () => {
    const errs = [required, field.required('spec.template.spec.containers[0].name')];
    const e = new InvalidObjectError('Pod', 'x', errs);
    expect(e.message).toBe(
      'Pod "x" is invalid: [spec.template.spec.containers[0].image: Required value, spec.template.spec.containers[0].name: Required value]',
    );
    expect(e.kubectlMessage()).toBe(
      [
        'The Pod "x" is invalid: ',
        '* spec.template.spec.containers[0].image: Required value',
        '* spec.template.spec.containers[0].name: Required value',
      ].join('\n'),
    );
    expect(e.kubectlMessage().split('\n')[0]).toMatch(/invalid: $/);
  });

  it('core kinds have no group; other groups are appended', () => {
    expect(new InvalidObjectError('Service', 's', [required]).message).toMatch(/^Service "s" is invalid: /);
    expect(new InvalidObjectError('StatefulSet', 's', [required]).message).toMatch(/^StatefulSet\.apps "s" is invalid: /);
    expect(new InvalidObjectError('Job', 'j', [required]).message).toMatch(/^Job\.batch "j" is invalid: /);
  });

  it('de-duplicates before counting, so two identical errors print as one', () => {
    const e = new InvalidObjectError('Deployment', 'web', [zero, { ...zero }]);
    expect(e.errors).toHaveLength(1);
    expect(e.message).not.toContain('[');
    expect(e.kubectlMessage()).not.toContain('\n');
  });

  it('no errors: no trailing colon', () => {
    const e = new InvalidObjectError('Deployment', 'web', []);
    expect(e.message).toBe('Deployment.apps "web" is invalid');
    expect(e.kubectlMessage()).toBe('The Deployment "web" is invalid');
  });

  it('quotes the name as Go %q', () => {
    expect(new InvalidObjectError('Pod', 'a"b', [required]).message).toMatch(/^Pod "a\\"b" is invalid/);
  });
});
