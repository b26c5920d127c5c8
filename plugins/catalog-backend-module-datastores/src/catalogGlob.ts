import {
  repoFileUrl,
  TargetRepoConfig,
} from '@datastores/plugin-datastores-node';

/**
 * The glob URL of every catalog file a target repo can hold: its `catalogPath` with each
 * placeholder (`{environment}`, `{service}`, `{name}`, `{namespace}`) as a wildcard, then
 * `*.yaml`. A placeholder stands within one path segment (names have no `/`), so `*` is
 * enough; `encodeURIComponent` leaves `*` as it is.
 * @public
 */
export function catalogGlobUrl(
  target: Pick<TargetRepoConfig, 'repoUrl' | 'baseBranch' | 'catalogPath'>,
): string {
  const dir = target.catalogPath
    .replace(/\{[a-z]+\}/g, '*')
    .replace(/\/+$/, '');
  return repoFileUrl(target.repoUrl, target.baseBranch, `${dir}/*.yaml`);
}
