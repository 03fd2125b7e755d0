/** ECR through the SDK: registry login tokens, repositories, image lookup and re-tagging by manifest. */
export { getRegistryLogin, registryHost, type RegistryLogin } from './login.js';
export { MANIFEST_MEDIA_TYPES, imageId, parseRepository, type RepositoryRef } from './reference.js';
export { CREATED_REPOSITORY_SETTINGS, ensureRepository } from './repository.js';
export { findImage, promoteImage, type PromoteResult } from './images.js';
