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
  splitList,
  type InputSource,
  type KeyValue,
  type ReadOptions,
} from './readers.js';
