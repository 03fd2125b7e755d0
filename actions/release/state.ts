/** The GITHUB_STATE names the release saves for its post step: each service's deploy facts, by position. */
export const RELEASE_STATE_KEY = 'releaseServices';

/** `s1_taskDefinition`: the deploy post step's names, prefixed with the service's index in `services`. */
export function serviceStateKey(index: number, name: string): string {
  return `s${index}_${name}`;
}
