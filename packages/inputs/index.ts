export { UserError, isUserError } from './errors.js';
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
