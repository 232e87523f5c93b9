/**
 * @silt/medallion: bronze / silver / gold Delta layers with data-quality expectations.
 *
 * Scaffold: this package builds, packs and installs; layers, expectations and the pipeline
 * runner land with the medallion issue (see README.md).
 */
export { SiltError } from '@silt/delta-log';
