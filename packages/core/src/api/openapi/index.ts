export { OPENAPI_SOURCE } from './data.js';
export { type TypeMismatch, typeMismatch } from './decodeTypes.js';
export { isBuiltinKind } from './schema.js';
export {
  pruneUnknownFields,
  strictDecodingError,
  type UnknownField,
  unknownFields,
  unknownFieldWarnings,
} from './unknownFields.js';
