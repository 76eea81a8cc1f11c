import { base64Decode } from '../base64.js';
import { type FieldError, field } from '../fieldErrors.js';
import type { ConfigMap, Secret } from '../types.js';
import { byteLength, maxLenError, regexError } from './names.js';

/**
 * ValidateConfigMap, ValidateSecret and their update rules (pkg/apis/core/validation), with
 * apimachinery's IsConfigMapKey. Go walks the data maps in random order; kubesim walks keys
 * sorted, so a list of errors is always the same.
 */

/** core.MaxSecretSize: 1 MiB, for a Secret's data and a ConfigMap's data and binaryData alike. */
export const MAX_SECRET_SIZE: number = 1024 * 1024;

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const configMapKey = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);
const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** validation.IsConfigMapKey: a file name a volume can hold, or an environment variable's name. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!configMapKey.test(value)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  // hasChDirPrefix: the key becomes a file name in a volume.
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const sortedKeys = (m: Record<string, string> | undefined): string[] => Object.keys(m ?? {}).sort();

/** The bytes a base64 value decodes to (a value that does not decode was refused before). */
function decodedSize(value: string): number {
  const d = base64Decode(value);
  return 'bytes' in d ? d.bytes : 0;
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const key of sortedKeys(cm.data)) {
    for (const m of isConfigMapKey(key)) errs.push(field.invalid(`data[${key}]`, key, m));
    if (cm.binaryData !== undefined && key in cm.binaryData) {
      errs.push(field.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    }
    total += byteLength(cm.data?.[key] ?? '');
  }
  for (const key of sortedKeys(cm.binaryData)) {
    for (const m of isConfigMapKey(key)) errs.push(field.invalid(`binaryData[${key}]`, key, m));
    total += decodedSize(cm.binaryData?.[key] ?? '');
  }
  // The error refers to the whole object: its path is empty.
  if (total > MAX_SECRET_SIZE) errs.push(field.tooLong('', MAX_SECRET_SIZE));
  return errs;
}

/** The keys each Secret type requires (pkg/apis/core/types.go). */
const DOCKER_CONFIG_KEY = '.dockercfg';
const DOCKER_CONFIG_JSON_KEY = '.dockerconfigjson';

function decodedText(value: string | undefined): string {
  if (value === undefined) return '';
  // atob is the platform's base64; the value decoded when it was written.
  try {
    return atob(value.replace(/[\r\n]/g, ''));
  } catch {
    return '';
  }
}

/** Whether the bytes are a JSON object, as json.Unmarshal into map[string]interface{} requires. */
function jsonObjectError(text: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  if (v === null) return undefined; // null unmarshals into a map as nil
  if (typeof v !== 'object' || Array.isArray(v)) {
    const t = Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
    return `json: cannot unmarshal ${t} into Go value of type map[string]interface {}`;
  }
  return undefined;
}

export function validateSecret(secret: Secret): FieldError[] {
  const errs: FieldError[] = [];
  const data = secret.data ?? {};
  let total = 0;
  for (const key of sortedKeys(secret.data)) {
    for (const m of isConfigMapKey(key)) errs.push(field.invalid(`data[${key}]`, key, m));
    total += decodedSize(data[key] ?? '');
  }
  if (total > MAX_SECRET_SIZE) errs.push(field.tooLong('data', MAX_SECRET_SIZE));
  const has = (k: string): boolean => k in data;
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      // Only the name annotation: a controller may add the uid and the token later.
      if (!secret.metadata.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(field.required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? DOCKER_CONFIG_KEY : DOCKER_CONFIG_JSON_KEY;
      if (!has(key)) {
        errs.push(field.required(`data[${key}]`));
        break;
      }
      const bad = jsonObjectError(decodedText(data[key]));
      if (bad !== undefined) errs.push(field.invalid(`data[${key}]`, '<secret contents redacted>', bad));
      break;
    }
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of the two must be there.
      if (!has('username') && !has('password')) {
        errs.push(field.required('data[username]'), field.required('data[password]'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errs.push(field.required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(field.required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(field.required('data[tls.key]'));
      break;
    default:
      // Opaque and any type of the user's own: no rule.
      break;
  }
  return errs;
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = sortedKeys(a);
  const kb = sortedKeys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a?.[k] === b?.[k]);
}

/** ValidateConfigMapUpdate's own rules (ValidateConfigMap runs as on create). */
export function validateConfigMapUpdate(oldCm: ConfigMap, newCm: ConfigMap): FieldError[] {
  if (oldCm.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (newCm.immutable !== true) errs.push(field.forbidden('immutable', IMMUTABLE_WHEN_SET));
  if (!sameMap(oldCm.data, newCm.data)) errs.push(field.forbidden('data', IMMUTABLE_WHEN_SET));
  if (!sameMap(oldCm.binaryData, newCm.binaryData)) errs.push(field.forbidden('binaryData', IMMUTABLE_WHEN_SET));
  return errs;
}

/** ValidateSecretUpdate's own rules: the type never changes; an immutable Secret's data neither. */
export function validateSecretUpdate(oldSecret: Secret, newSecret: Secret): FieldError[] {
  const errs: FieldError[] = [];
  if ((oldSecret.type ?? '') !== (newSecret.type ?? '')) {
    errs.push(field.invalid('type', newSecret.type ?? '', 'field is immutable'));
  }
  if (oldSecret.immutable === true) {
    if (newSecret.immutable !== true) errs.push(field.forbidden('immutable', IMMUTABLE_WHEN_SET));
    if (!sameMap(oldSecret.data, newSecret.data)) errs.push(field.forbidden('data', IMMUTABLE_WHEN_SET));
  }
  return errs;
}
