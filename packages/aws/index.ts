export {
  clientConfig,
  DEFAULT_REQUEST_TIMEOUT_MS,
  nameOperations,
  resolveRegion,
  resolveRequestTimeout,
  TIMEOUT_ENV,
  type AwsSettings,
} from './clients.js';
export {
  explainAwsError,
  failureKind,
  iamAction,
  isAwsError,
  withoutFullStop,
  type AwsErrorLike,
  type FailureKind,
} from './errors.js';
export { VERSION } from './version.js';
