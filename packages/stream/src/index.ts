/**
 * @silt/stream: structured streaming on RxJS over Delta tables.
 *
 * Scaffold: this package builds, packs and installs, and re-exports the Delta layer it is built
 * on. Sources, the exactly-once Delta sink, triggers and checkpoints land with the streaming
 * issue (see README.md).
 */
export { SiltError } from '@silt/delta-log';
