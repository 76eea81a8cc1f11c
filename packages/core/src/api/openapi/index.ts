export { OPENAPI_SOURCE } from './data.js';
export { isBuiltinKind } from './schema.js';
export {
  pruneUnknownFields,
  strictDecodingError,
  type UnknownField,
  unknownFields,
  unknownFieldWarnings,
} from './unknownFields.js';
