/** Which scenario behaviour a task follows: the first release whose `match` fits its task definition. */
import type { ReleaseBehaviour } from './scenario.js';

export type Release = Omit<ReleaseBehaviour, 'match'> & { startSeconds: number; healthyAfterSeconds: number };

export interface MatchSubject {
  family: string;
  revision: number;
  images: string[];
  /** JSON of the container definitions and any RunTask overrides. */
  content: string;
}

export function resolveRelease(
  releases: ReleaseBehaviour[],
  fallback: Omit<ReleaseBehaviour, 'match'> | undefined,
  subject: MatchSubject,
): Release {
  const found = releases.find(({ match }) => {
    if (match.family !== undefined && match.family !== subject.family) return false;
    if (match.revision !== undefined && match.revision !== subject.revision) return false;
    if (match.image !== undefined && !subject.images.some((i) => i.includes(match.image!))) return false;
    if (match.content !== undefined && !subject.content.includes(match.content)) return false;
    return true;
  });
  const behaviour = found ?? fallback ?? {};
  return {
    ...behaviour,
    startSeconds: behaviour.startSeconds ?? 10,
    healthyAfterSeconds: behaviour.healthyAfterSeconds ?? 0,
  };
}
