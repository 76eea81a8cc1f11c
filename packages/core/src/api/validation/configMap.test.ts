import { describe, expect, it } from 'vitest';
import { base64Decode, base64EncodeString } from '../base64.js';
import { decodeError } from '../decode.js';
import { applyDefaults } from '../defaults.js';
import { fieldErrorString } from '../fieldErrors.js';
import type { ConfigMap, KubeObject, Secret } from '../types.js';
import { validateObject, validateUpdate } from './index.js';

/** Upstream test tables of pkg/apis/core/validation/validation_test.go (bytes given as text). */

function errors(obj: object): string[] {
  return validateObject(applyDefaults(obj as KubeObject)).map(fieldErrorString);
}

function configMap(name: string, namespace: string, data?: Record<string, string>, binary?: Record<string, string>): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace },
    ...(data ? { data } : {}),
    ...(binary ? { binaryData: Object.fromEntries(Object.entries(binary).map(([k, v]) => [k, base64EncodeString(v)])) } : {}),
  };
}

const BAD = 'NoUppercaseOrSpecialCharsLike=Equals';
const MAX = 1024 * 1024;

describe('TestValidateConfigMap', () => {
  const cases: [string, ConfigMap, boolean][] = [
    ['valid', configMap('validname', 'validns', { key: 'value' }, { bin: 'value' }), true],
    ['max key length', configMap('validname', 'validns', { ['a'.repeat(253)]: 'value' }), true],
    ['leading dot key', configMap('validname', 'validns', { '.ab': 'value' }), true],
    ['empty name', configMap('', 'validns'), false],
    ['invalid name', configMap(BAD, 'validns'), false],
    ['invalid key', configMap('validname', 'validns', { 'a*b': 'value' }), false],
    ['empty namespace', configMap('validname', ''), false],
    ['invalid namespace', configMap('validname', BAD), false],
    ['dot key', configMap('validname', 'validns', { '.': 'value' }), false],
    ['double dot key', configMap('validname', 'validns', { '..': 'value' }), false],
    ['over max key length', configMap('validname', 'validns', { ['a'.repeat(254)]: 'value' }), false],
    ['over max size', configMap('validname', 'validns', { key: 'a'.repeat(MAX + 1) }), false],
    ['duplicated key', configMap('validname', 'validns', { key: 'value1' }, { key: 'value2' }), false],
    ['binary data invalid key', configMap('validname', 'validns', undefined, { 'a*b': 'value' }), false],
    ['binary data leading dot key', configMap('validname', 'validns', undefined, { '.ab': 'value' }), true],
    ['binary data dot key', configMap('validname', 'validns', undefined, { '.': 'value' }), false],
    ['binary data double dot key', configMap('validname', 'validns', undefined, { '..': 'value' }), false],
    ['binary data over max key length', configMap('validname', 'validns', undefined, { ['a'.repeat(254)]: 'value' }), false],
    ['binary data max size', configMap('validname', 'validns', undefined, { bin: 'a'.repeat(MAX + 1) }), false],
  ];
  it.each(cases)('%s', (_name, cm, valid) => {
    expect(errors(cm).length === 0).toBe(valid);
  });
  // Go's []byte holds any bytes; kubesim's binaryData is base64 text, which any bytes encode to.
  it('binary data non utf-8 bytes', () => {
    expect(errors({ ...configMap('validname', 'validns'), binaryData: { key: 'AP4A/w==' } })).toEqual([]);
  });

  it('says what is wrong, as the API server does', () => {
    expect(errors(configMap('v', 'ns', { '..': 'x' }, undefined))).toEqual([`data[..]: Invalid value: "..": must not be '..'`]);
    expect(errors(configMap('v', 'ns', { key: 'x' }, { key: 'y' }))).toEqual([
      'data[key]: Invalid value: "key": duplicate of key present in binaryData',
    ]);
    expect(errors(configMap('v', 'ns', { 'a*b': 'x' }))).toEqual([
      `data[a*b]: Invalid value: "a*b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
  });
});

describe('TestValidateConfigMapUpdate', () => {
  const cm = (data: Record<string, string>, immutable?: boolean): ConfigMap => ({
    ...configMap('validname', 'validns', data),
    ...(immutable !== undefined ? { immutable } : {}),
  });
  const cases: [string, ConfigMap, ConfigMap, boolean][] = [
    ['valid', cm({ key: 'value' }), cm({ key: 'value2' }), true],
    ['invalid', cm({ key: 'value' }), cm({ 'a*b': 'value' }), false],
    ['make configmap immutable', cm({ key: 'value' }, false), cm({ key: 'value' }, true), true],
    ['make immutable configmap mutable', cm({ key: 'value' }, true), cm({ key: 'value' }, false), false],
    ['change data in immutable configmap', cm({ key: 'value' }, true), cm({ key: 'value2' }, true), false],
    ['change data in mutable configmap', cm({ key: 'value' }, false), cm({ key: 'value2' }, false), true],
  ];
  it.each(cases)('%s', (_name, oldCm, newCm, valid) => {
    const errs = [...validateObject(applyDefaults(newCm)), ...validateUpdate(oldCm, applyDefaults(newCm))];
    expect(errs.length === 0).toBe(valid);
  });
  it('names the field', () => {
    expect(validateUpdate(cm({ key: 'value' }, true), cm({ key: 'v2' }, true)).map(fieldErrorString)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

function secret(name: string, namespace: string, type: string, data: Record<string, string>): Secret {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64EncodeString(v)]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type, data: encoded };
}

describe('TestValidateSecret', () => {
  const valid = (): Secret => secret('foo', 'bar', 'Opaque', { 'data-1': 'bar' });
  const cases: [string, Secret, boolean][] = [
    ['valid', valid(), true],
    ['empty name', { ...valid(), metadata: { name: '', namespace: 'bar' } }, false],
    ['invalid name', { ...valid(), metadata: { name: '____', namespace: 'bar' } }, false],
    ['empty namespace', { ...valid(), metadata: { name: 'foo', namespace: '' } }, false],
    ['invalid namespace', { ...valid(), metadata: { name: 'foo', namespace: '____' } }, false],
    ['over max size', secret('foo', 'bar', 'Opaque', { over: 'a'.repeat(MAX + 1) }), false],
    ['invalid key', secret('foo', 'bar', 'Opaque', { 'a*b': 'bar' }), false],
    ['valid leading dot key', secret('foo', 'bar', 'Opaque', { '.key': 'bar' }), true],
    ['invalid dot key', secret('foo', 'bar', 'Opaque', { '.': 'bar' }), false],
    ['invalid double dot key', secret('foo', 'bar', 'Opaque', { '..': 'bar' }), false],
  ];
  it.each(cases)('%s', (_name, s, ok) => {
    expect(errors(s).length === 0).toBe(ok);
  });
});

describe('TestValidateDockerConfigSecret', () => {
  const cases: [string, Secret, boolean][] = [
    ['valid dockercfg', secret('foo', 'bar', 'kubernetes.io/dockercfg', { '.dockercfg': '{"a":1}' }), true],
    ['invalid dockercfg', secret('foo', 'bar', 'kubernetes.io/dockercfg', { '.dockercfg': 'bad' }), false],
    ['missing dockercfg', secret('foo', 'bar', 'kubernetes.io/dockercfg', {}), false],
    ['valid dockerconfigjson', secret('foo', 'bar', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': '{}' }), true],
    ['invalid dockerconfigjson', secret('foo', 'bar', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': '[' }), false],
    ['missing dockerconfigjson', secret('foo', 'bar', 'kubernetes.io/dockerconfigjson', {}), false],
  ];
  it.each(cases)('%s', (_name, s, ok) => {
    expect(errors(s).length === 0).toBe(ok);
  });
  it('redacts the contents', () => {
    expect(errors(secret('foo', 'bar', 'kubernetes.io/dockercfg', {}))).toEqual(['data[.dockercfg]: Required value']);
  });
});

describe('TestValidateBasicAuthSecret', () => {
  const cases: [string, Record<string, string>, boolean][] = [
    ['valid', { username: 'u', password: 'p' }, true],
    ['has no username', { password: 'p' }, true],
    ['has no password', { username: 'u' }, true],
    ['has no username and password', {}, false],
  ];
  it.each(cases)('%s', (_name, data, ok) => {
    expect(errors(secret('foo', 'bar', 'kubernetes.io/basic-auth', data)).length === 0).toBe(ok);
  });
});

describe('TestValidateSSHAuthSecret', () => {
  it('valid', () => expect(errors(secret('foo', 'bar', 'kubernetes.io/ssh-auth', { 'ssh-privatekey': 'k' }))).toEqual([]));
  it('missing private key', () =>
    expect(errors(secret('foo', 'bar', 'kubernetes.io/ssh-auth', {}))).toEqual(['data[ssh-privatekey]: Required value']));
});

describe('TLS and service-account-token secrets', () => {
  it('require their keys', () => {
    expect(errors(secret('foo', 'bar', 'kubernetes.io/tls', {}))).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
    expect(errors(secret('foo', 'bar', 'kubernetes.io/service-account-token', {}))).toEqual([
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
  });
});

describe('Secret writes', () => {
  it('default the type to Opaque and merge stringData into data (stringData wins)', () => {
    const s = applyDefaults({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      data: { b: base64EncodeString('old'), a: base64EncodeString('1') },
      stringData: { b: 'new', c: 'héllo' },
    } as KubeObject) as Secret;
    expect(s.type).toBe('Opaque');
    expect(s.stringData).toBeUndefined();
    expect(s.data).toEqual({ a: 'MQ==', b: 'bmV3', c: 'aMOpbGxv' });
    expect(Object.keys(s.data ?? {})).toEqual(['a', 'b', 'c']);
  });
  it('the type is immutable', () => {
    const old = secret('foo', 'bar', 'Opaque', {});
    expect(validateUpdate(old, { ...old, type: 'kubernetes.io/tls' }).map(fieldErrorString)).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
    ]);
  });
  it('data that is not base64 does not decode (Go encoding/base64 offsets)', () => {
    const obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'abc!' } };
    expect(decodeError(obj)).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    expect(decodeError({ ...obj, data: { k: 'YWJj' } })).toBeUndefined();
    expect(decodeError({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { port: 8080 } })).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
  });
});

describe('base64Decode (Go StdEncoding)', () => {
  it.each([
    ['', 0],
    ['YQ==', 1],
    ['YWI=', 2],
    ['YWJj', 3],
    ['YW\nJj', 3],
  ] as const)('%j decodes to %d bytes', (src, n) => expect(base64Decode(src)).toEqual({ bytes: n }));
  it.each([
    ['YWJ', 'illegal base64 data at input byte 0'],
    ['Y', 'illegal base64 data at input byte 0'],
    ['YQ=', 'illegal base64 data at input byte 3'],
    ['YQ==YQ==', 'illegal base64 data at input byte 4'],
    ['=YWJ', 'illegal base64 data at input byte 0'],
    ['hello world', 'illegal base64 data at input byte 5'],
  ] as const)('%j: %s', (src, error) => expect(base64Decode(src)).toEqual({ error }));
});
