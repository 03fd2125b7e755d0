export {
  MESSAGE_LIMIT,
  QUOTE_LIMIT,
  UserError,
  boundText,
  charCount,
  isUserError,
  quote,
  shorten,
} from './errors.js';
export { checkEcsName, type EcsNameKind } from './names.js';
export {
  Inputs,
  parseDuration,
  parseJsonOrYaml,
  parseKeyValues,
  parseLocatedJsonOrYaml,
  splitList,
  type InputSource,
  type KeyValue,
  type LocatedDocument,
  type ParseOptions,
  type ReadOptions,
} from './readers.js';
export type { PathSegment } from './json-position.js';
export {
  DEFAULT_MAX_INPUT_FILE_BYTES,
  inputFileRoots,
  readInputFile,
  type ReadInputFileOptions,
} from './files.js';
