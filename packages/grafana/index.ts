/** Grafana annotations: the HTTP client and the deploy marks the report action writes with it. */
export {
  GrafanaClient,
  GrafanaError,
  type AnnotationInput,
  type AnnotationQuery,
  type GrafanaAnnotation,
  type GrafanaClientOptions,
} from './client.js';
export {
  MARK_TAG,
  marksSummary,
  postReleaseMarks,
  releaseMarks,
  type MarkOptions,
  type MarkOutcome,
  type ReleaseMark,
} from './annotations.js';
