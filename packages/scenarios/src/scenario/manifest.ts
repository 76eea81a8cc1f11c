import {
  applyDefaults,
  convertAutoscalingV1,
  type DecodeFailure,
  decodeFailure,
  type FieldError,
  InvalidObjectError,
  isAutoscalingV1,
  isKind,
  KINDS,
  type KubeObject,
  KubesimError,
  kindInfo,
  typeMismatch,
  unknownFields,
  validateObject,
} from '@kubesim/core';
import { noteUnknownFields } from './fieldValidation.js';
import { mayBeServedGenerically } from './genericManifest.js';
import { unsupportedNumber } from './jsonable.js';
import type { Manifest } from './model.js';
import { type Origin, parseFieldPath, parseYamlDocuments, type YamlDocument } from './yamlDoc.js';

/**
 * Reads a manifest file as `kubectl apply -f` does: every YAML document is an object (a
 * `kind: List` contributes its items), and each is checked the way the API server would
 * check it on create, so that a bad manifest is reported before the run starts, at the line
 * of the offending field and in the API server's words.
 */
export function loadManifest(name: string, text: string, file: string = name, origin?: Origin): Manifest {
  return manifestOf(name, parseYamlDocuments(text, file, origin, { duplicateKeys: 'last' }));
}

/** A manifest from documents already parsed (objects written inline in a scenario). */
export function manifestOf(name: string, docs: readonly Pick<YamlDocument, 'value' | 'locate'>[]): Manifest {
  const objects: KubeObject[] = [];
  const locations: string[] = [];
  for (const doc of docs) {
    const value = doc.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new KubesimError(
        'E_SCENARIO',
        `${doc.locate([])}: a manifest document must be a mapping (an object with apiVersion, kind and metadata)`,
      );
    }
    const v = value as Record<string, unknown>;
    const nonFinite = unsupportedNumber(v);
    if (nonFinite !== undefined) {
      throw new KubesimError(
        'E_SCENARIO',
        `${doc.locate(nonFinite.path)}: error parsing ${name}: error converting YAML to JSON: json: unsupported value: ${nonFinite.text}`,
      );
    }
    if (v.kind === 'List' && Array.isArray(v.items)) {
      v.items.forEach((item, i) => {
        objects.push(checkObject(item, doc, ['items', i], name));
        locations.push(doc.locate(['items', i]));
      });
      continue;
    }
    objects.push(checkObject(v, doc, [], name));
    locations.push(doc.locate([]));
  }
  return { name, objects, locations };
}

/** The decoder's first type error from the kind's v1.34 OpenAPI types, worded as decodeFailure words it. */
function openApiDecodeFailure(raw: Record<string, unknown>): DecodeFailure | undefined {
  const kind = String(raw.kind);
  const apiVersion = String(raw.apiVersion);
  const mismatch = typeMismatch(apiVersion, kind, raw);
  if (mismatch === undefined) return undefined;
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  return {
    message: `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${mismatch.message}`,
    path: mismatch.at,
  };
}

function checkObject(
  value: unknown,
  doc: Pick<YamlDocument, 'locate'>,
  at: readonly (string | number)[],
  file: string,
): KubeObject {
  const here = (path: readonly (string | number)[]): string => doc.locate([...at, ...path]);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KubesimError('E_SCENARIO', `${here([])}: a list item must be an object`);
  }
  // The API server stores an autoscaling/v1 HorizontalPodAutoscaler as the autoscaling/v2 object it converts to.
  const obj = (
    isAutoscalingV1(value as Record<string, unknown>) ? convertAutoscalingV1(value as Record<string, unknown>) : value
  ) as Record<string, unknown>;
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
    throw new KubesimError('E_SCENARIO', `${here([])}: apiVersion: Required value: error validating data: apiVersion not set`);
  }
  if (typeof obj.kind !== 'string' || obj.kind === '') {
    throw new KubesimError('E_SCENARIO', `${here([])}: kind: Required value: error validating data: kind not set`);
  }
  const kind = obj.kind;
  if (!isKind(kind) && mayBeServedGenerically(obj.apiVersion, kind)) {
    // Checked by the API server when it is sent (its kind may come from a CRD created first).
    if (obj.metadata === null || typeof obj.metadata !== 'object') {
      throw new KubesimError('E_SCENARIO', `${here([])}: metadata: Required value: an object needs metadata.name`);
    }
    return obj as unknown as KubeObject;
  }
  if (!isKind(kind) || kindInfo(kind).apiVersion !== obj.apiVersion) {
    // kubectl's RESTMapper error, with the kinds kubesim models.
    const known = isKind(kind)
      ? ` (kubesim models ${kind} in ${kindInfo(kind).apiVersion})`
      : ` (kubesim models ${KINDS.map((k) => k.kind).join(', ')})`;
    throw new KubesimError(
      'E_SCENARIO',
      `${here(['kind'])}: no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(obj.apiVersion)}${known}`,
    );
  }
  if (obj.metadata === null || typeof obj.metadata !== 'object') {
    throw new KubesimError('E_SCENARIO', `${here([])}: metadata: Required value: an object needs metadata.name`);
  }
  const object = obj as unknown as KubeObject;
  // Unknown fields are looked for in the object as written (before an autoscaling/v1 HPA is converted).
  const raw = value as Record<string, unknown>;
  const unknown = unknownFields(String(raw.apiVersion), String(raw.kind), raw) ?? [];
  if (unknown.length > 0) {
    noteUnknownFields(object, {
      fields: unknown,
      where: here((unknown[0] as (typeof unknown)[number]).at),
      apiVersion: String(raw.apiVersion),
      kind: String(raw.kind),
    });
  }
  // decode.ts's table for the kinds kubesim models, then every field of the kind's OpenAPI types.
  const undecodable = decodeFailure(object) ?? openApiDecodeFailure(raw);
  if (undecodable !== undefined) {
    // kubectl's words for the server's BadRequest, at the line of the value.
    throw new KubesimError(
      'E_SCENARIO',
      `${here(undecodable.path)}: Error from server (BadRequest): error when creating ${JSON.stringify(file)}: ${undecodable.message}`,
    );
  }
  const name = object.metadata.name ?? object.metadata.generateName ?? '';
  let errors: FieldError[];
  try {
    // kubectl sends a namespaced object to its context's namespace when the manifest names none.
    const placed =
      kindInfo(kind).namespaced && !object.metadata.namespace
        ? ({ ...object, metadata: { ...object.metadata, namespace: 'default' } } as KubeObject)
        : object;
    errors = validateObject(applyDefaults(placed));
  } catch (e) {
    // Defaulting met a value of the wrong type (a string where a list goes, say).
    throw new KubesimError('E_SCENARIO', `${here([])}: ${kind} ${JSON.stringify(name)} cannot be read: ${(e as Error).message}`);
  }
  // The strict decoder refuses unknown fields before validation runs: an object with both (a
  // typo in a required field's name) is refused for its unknown fields, by the step that sends
  // it or by the load for an applied manifest; under --validate=warn the server validates the rest.
  if (errors.length > 0 && unknown.length === 0) {
    const first = errors[0] as FieldError;
    const message = new InvalidObjectError(kind, name, errors).kubectlMessage();
    throw new KubesimError('E_SCENARIO', `${here(parseFieldPath(first.field))}: ${message}`);
  }
  return object;
}
