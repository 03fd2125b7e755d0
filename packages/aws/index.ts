export { clientConfig, nameOperations, resolveRegion, type AwsSettings } from './clients.js';
export { explainAwsError, iamAction, isAwsError, type AwsErrorLike } from './errors.js';
export { VERSION } from './version.js';
